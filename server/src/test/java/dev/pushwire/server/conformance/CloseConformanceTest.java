package dev.pushwire.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.testkit.RawWebSocket;
import dev.pushwire.testkit.WsFrame;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Autobahn 7.x: the close handshake, close codes and close reasons. */
class CloseConformanceTest extends ConformanceSuite {

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000,
            4499, 4500, 4999})
    void echoesEveryValidCloseCodeAndEndsTheConnection(int code) {
        RawWebSocket ws = connect();
        ws.send(WsFrame.close(code, "bye"));
        WsFrame answer = ws.expectClose(TIMEOUT);
        assertThat(answer.closeCode()).as("answer to close %d", code).isEqualTo(code);
        assertThat(ws.awaitEndOfStream(TIMEOUT)).as("server ends the TCP connection").isTrue();
    }

    @Test
    void answersACloseWithoutPayloadAndEndsTheConnection() {
        RawWebSocket ws = connect();
        ws.send(WsFrame.emptyClose());
        WsFrame answer = ws.expectClose(TIMEOUT);
        assertThat(answer.payload().length == 0 || answer.closeCode() == 1000)
                .as("an empty close is answered with an empty close or 1000, got %s", answer).isTrue();
        assertThat(ws.awaitEndOfStream(TIMEOUT)).isTrue();
    }

    @Test
    void acceptsAReasonOf123Bytes() {
        RawWebSocket ws = connect();
        String reason = "r".repeat(123);
        ws.send(WsFrame.close(1000, reason));
        assertThat(ws.expectClose(TIMEOUT).closeCode()).isEqualTo(1000);
        assertThat(ws.awaitEndOfStream(TIMEOUT)).isTrue();
    }

    @Test
    void acceptsAValidUtf8Reason() {
        RawWebSocket ws = connect();
        ws.send(WsFrame.close(1000, "κόσμε \uD83D\uDE00"));
        assertThat(ws.expectClose(TIMEOUT).closeCode()).isEqualTo(1000);
        assertThat(ws.awaitEndOfStream(TIMEOUT)).isTrue();
    }

    @Test
    void sendsNothingAfterItsCloseFrame() {
        RawWebSocket ws = connect();
        // One write: the server answers our close and ends TCP at once, so a later write could hit a reset.
        ws.sendAll(List.of(WsFrame.close(1000, ""), WsFrame.text("after close"), WsFrame.ping(utf8("after close"))));
        WsFrame answer = ws.readFrame(TIMEOUT);
        assertThat(answer.opcode()).as("first frame after our close").isEqualTo(WsFrame.CLOSE);
        assertThat(ws.awaitEndOfStream(TIMEOUT)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
    void closesWith1002OnAnInvalidCloseCode(int code) {
        RawWebSocket ws = connect();
        ws.send(WsFrame.close(code, ""));
        assertClosedWith(ws, 1002, "close code");
    }

    @Test
    void closesWith1002OnAOneByteClosePayload() {
        RawWebSocket ws = connect();
        ws.send(WsFrame.of(WsFrame.CLOSE, new byte[] {0x03}));
        assertClosedWith(ws, 1002, "close( control)? frame");
    }

    @Test
    void closesWith1002OnACloseReasonLongerThan123Bytes() {
        RawWebSocket ws = connect();
        ws.send(WsFrame.close(1000, "r".repeat(124)));
        assertClosedWith(ws, 1002, "control frame");
    }

    @Test
    void closesWith1007OnACloseReasonThatIsNotUtf8() {
        RawWebSocket ws = connect();
        ws.send(WsFrame.close(1000, hex("ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64")));
        assertClosedWith(ws, 1007, "utf-8");
    }
}
