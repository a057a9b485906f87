package dev.pushwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.core.ConnectionLimits;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EchoServerTest {
    private PushwireServer server;

    @BeforeEach
    void start() {
        server = PushwireServer.builder().host("127.0.0.1").port(0)
                .limits(ConnectionLimits.builder().maxMessageBytes(32 << 20).maxFrameBytes(32 << 20)
                        .maxBufferedBytes(64 << 20).build())
                .build();
        server.endpoint("/echo", conn -> conn.onMessage(msg -> conn.send(msg, null)));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private TestWebSocketClient connect() throws Exception {
        return TestWebSocketClient.to("ws://127.0.0.1:" + server.port() + "/echo").connect();
    }

    @Test
    void echoesTextAndBinaryInOrder() throws Exception {
        try (TestWebSocketClient c = connect()) {
            c.sendText("hello");
            c.sendBinary(new byte[] {1, 2, 3});
            c.sendText("héllo wörld ✓ 😀");
            assertThat(c.nextText()).isEqualTo("hello");
            assertThat(c.nextBinary()).containsExactly(1, 2, 3);
            assertThat(c.nextText()).isEqualTo("héllo wörld ✓ 😀");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 65535, 65536, 16 << 20})
    void echoesBinaryMessagesOfEverySizeClass(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        try (TestWebSocketClient c = connect()) {
            c.sendBinary(data);
            // generous for 16 MiB: paranoid leak detection records buffer accesses while (un)masking
            assertThat(c.nextBinary(java.time.Duration.ofSeconds(90))).isEqualTo(data);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 125, 126, 65535, 65536})
    void echoesTextMessagesOfEverySizeClass(int size) throws Exception {
        String text = "x".repeat(size);
        try (TestWebSocketClient c = connect()) {
            c.sendText(text);
            assertThat(c.nextText()).isEqualTo(text);
        }
    }

    @Test
    void joinsUnicodeSplitAcrossFragments() throws Exception {
        byte[] utf8 = "a😀b".getBytes(StandardCharsets.UTF_8); // 1 + 4 + 1 bytes
        try (TestWebSocketClient c = connect()) {
            c.sendTextFragments(utf8, 2, 1, 2, 1);
            assertThat(c.nextText()).isEqualTo("a😀b");
        }
    }

    @Test
    void listsOpenConnectionsAndForgetsClosedOnes() throws Exception {
        TestWebSocketClient c = connect();
        org.awaitility.Awaitility.await().until(() -> server.connections().size() == 1);
        c.close(1000, "bye");
        assertThat(c.nextClose().code()).isEqualTo(1000);
        c.awaitDisconnect(java.time.Duration.ofSeconds(5));
        org.awaitility.Awaitility.await().until(() -> server.connections().isEmpty());
    }
}
