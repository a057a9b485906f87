package dev.pushwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.Connection;
import dev.pushwire.core.Message;
import dev.pushwire.websocket.DeflateOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PushwireServer#broadcast}: every open subscriber gets the message once, in its place among the sends of
 * the same thread, whichever event loop it is on, from a handler or from another thread, with or without
 * permessage-deflate; a subscriber that stops reading (its frames written in part) neither holds up nor garbles
 * what the others get of the same shared frames.
 */
class BroadcastTest {
    private PushwireServer server;
    private final Set<Connection> subscribers = ConcurrentHashMap.newKeySet();
    private final List<TestWebSocketClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = PushwireServer.builder().host("127.0.0.1").port(0).ioThreads(3)
                .deflate(DeflateOptions.builder().thresholdBytes(0).build())
                .build();
        server.endpoint("/sub", conn -> {
            subscribers.add(conn);
            conn.onClose(e -> subscribers.remove(conn));
        });
        server.endpoint("/pub", conn -> conn.onMessage(msg -> conn.send(
                Message.text("sent to " + PushwireServer.broadcast(msg, subscribers)), null)));
        server.start();
        for (int i = 0; i < 14; i++) { // more than the loops; two with permessage-deflate
            TestWebSocketClient.Builder b = TestWebSocketClient.to("ws://127.0.0.1:" + server.port() + "/sub");
            clients.add((i % 7 == 6 ? b.deflate() : b).connect());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> subscribers.size() == clients.size());
    }

    @AfterEach
    void stop() throws Exception {
        for (TestWebSocketClient c : clients) {
            c.close();
        }
        server.stop();
    }

    @Test
    void everySubscriberGetsEachBroadcastInItsPlaceAmongTheSameThreadsSends() throws Exception {
        for (int k = 0; k < 20; k++) {
            for (Connection s : subscribers) {
                s.send("before " + k);
            }
            int sent = PushwireServer.broadcast(k % 2 == 0 ? Message.text("broadcast " + k)
                    : Message.encodedText("broadcast " + k), subscribers);
            assertThat(sent).isEqualTo(clients.size());
            for (Connection s : subscribers) {
                s.send("after " + k);
            }
        }
        for (TestWebSocketClient c : clients) {
            for (int k = 0; k < 20; k++) {
                assertThat(c.nextText()).isEqualTo("before " + k);
                assertThat(c.nextText()).isEqualTo("broadcast " + k);
                assertThat(c.nextText()).isEqualTo("after " + k);
            }
        }
    }

    @Test
    void aBroadcastFromAHandlerReachesTheSubscribersOfEveryLoopAndSkipsClosedOnes() throws Exception {
        TestWebSocketClient gone = clients.remove(0);
        gone.close(1000, "bye");
        gone.awaitDisconnect(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> subscribers.size() == clients.size());
        try (TestWebSocketClient publisher = TestWebSocketClient.to("ws://127.0.0.1:" + server.port() + "/pub")
                .connect()) {
            publisher.sendBinary(new byte[] {1, 2, 3});
            publisher.sendText("x".repeat(70_000));
            assertThat(publisher.nextText()).isEqualTo("sent to " + clients.size());
            assertThat(publisher.nextText()).isEqualTo("sent to " + clients.size());
        }
        for (TestWebSocketClient c : clients) {
            assertThat(c.nextBinary()).containsExactly(1, 2, 3);
            assertThat(c.nextText()).hasSize(70_000);
        }
    }

    @Test
    void aSubscriberThatStopsReadingGetsEveryBroadcastIntactWhenItReadsAgainAndTheOthersGetThemMeanwhile()
            throws Exception {
        try (TestWebSocketClient stalled = TestWebSocketClient.to("ws://127.0.0.1:" + server.port() + "/sub")
                .neverReadAfterHandshake().connect()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> subscribers.size() == clients.size() + 1);
            int messages = 120; // 3.75 MiB: past what the kernel buffers for the stalled socket, under maxBufferedBytes
            for (int k = 0; k < messages; k++) {
                assertThat(PushwireServer.broadcast(Message.binary(payload(k)), subscribers))
                        .isEqualTo(clients.size() + 1);
            }
            for (TestWebSocketClient c : clients) {
                for (int k = 0; k < messages; k++) {
                    assertThat(c.nextBinary()).as("message %d", k).isEqualTo(payload(k));
                }
            }
            stalled.startReading();
            for (int k = 0; k < messages; k++) {
                assertThat(stalled.nextBinary()).as("stalled, message %d", k).isEqualTo(payload(k));
            }
        }
    }

    /** 32 KiB that differ from message to message and from byte to byte. */
    private static byte[] payload(int k) {
        byte[] b = new byte[32 * 1024];
        Arrays.fill(b, (byte) k);
        for (int i = 0; i < b.length; i += 97) {
            b[i] = (byte) (i * 31 + k);
        }
        return b;
    }
}
