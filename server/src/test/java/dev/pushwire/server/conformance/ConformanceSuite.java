package dev.pushwire.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.server.conformance.EchoTarget.Promise;
import dev.pushwire.testkit.NettyLeakCheck;
import dev.pushwire.testkit.RawWebSocket;
import dev.pushwire.testkit.WsFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the RFC 6455 conformance cases: starts one echo target per class (see {@link EchoTarget}), opens raw
 * connections to it and checks how it closes them. Every close check asserts the code, and, on targets that
 * promise it, that the reason says what was wrong; then that the server ends the TCP connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(NettyLeakCheck.class)
abstract class ConformanceSuite {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    EchoTarget target;
    private final List<RawWebSocket> opened = new ArrayList<>(); // test-thread confined

    /** Whether the target of this class runs with permessage-deflate enabled. */
    boolean deflate() {
        return false;
    }

    /** The target of this class: by default the one {@code -Dpushwire.conformance.peer} names (Pushwire). */
    EchoTarget newTarget(boolean deflate) {
        return EchoTarget.start(deflate);
    }

    @BeforeAll
    void startTarget() {
        target = newTarget(deflate());
    }

    @AfterAll
    void stopTarget() {
        if (target != null) {
            target.close();
        }
    }

    @AfterEach
    void closeConnections() {
        opened.forEach(RawWebSocket::close);
        opened.clear();
    }

    /** A connection upgraded on the echo endpoint. */
    RawWebSocket connect() {
        return connect(Map.of());
    }

    RawWebSocket connect(Map<String, String> headers) {
        RawWebSocket ws = RawWebSocket.connect(target.port(), target.path(), headers);
        opened.add(ws);
        return ws;
    }

    /** A TCP connection without a handshake. */
    RawWebSocket openTcp() {
        RawWebSocket ws = RawWebSocket.open(target.port());
        opened.add(ws);
        return ws;
    }

    void assume(Promise promise) {
        Assumptions.assumeTrue(target.promises(promise), target.name() + " does not promise " + promise);
    }

    /** Sends {@code frame} and expects the same payload back as one message of the same type. */
    static void assertEchoed(RawWebSocket ws, int opcode, byte[] payload) {
        WsFrame echo = ws.readMessage(TIMEOUT);
        assertThat(echo.opcode()).as("echo type").isEqualTo(opcode);
        assertThat(echo.masked()).as("server frames are unmasked").isFalse();
        assertThat(echo.payload()).as("echo payload").isEqualTo(payload);
    }

    static void assertTextEchoed(RawWebSocket ws, String text) {
        assertEchoed(ws, WsFrame.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Expects the server to close with {@code code}, with a reason in which {@code reasonPattern} (a regular
     * expression, ignoring case) is found, on targets that send reasons; answers the close and expects the TCP
     * connection to end. Returns the close frame.
     */
    WsFrame assertClosedWith(RawWebSocket ws, int code, String reasonPattern) {
        WsFrame close = ws.expectClose(TIMEOUT);
        assertThat(close.closeCode()).as("close code of %s", close).isEqualTo(code);
        assertThat(close.payload().length).as("close payload fits a control frame").isLessThanOrEqualTo(125);
        if (target.promises(Promise.CLOSE_REASONS)) {
            assertThat(close.closeReason()).as("close reason of %s", close).isNotBlank()
                    .containsPattern(Pattern.compile(reasonPattern, Pattern.CASE_INSENSITIVE));
        }
        try {
            ws.send(WsFrame.close(close.closeCode(), ""));
        } catch (RuntimeException alreadyClosed) {
            // the server may drop the connection right after its close frame; that is fine
        }
        assertThat(ws.awaitEndOfStream(TIMEOUT)).as("server ends the TCP connection").isTrue();
        return close;
    }

    static byte[] bytes(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        return data;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] hex(String hex) {
        String clean = hex.replace(" ", "");
        byte[] out = new byte[clean.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(clean.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
