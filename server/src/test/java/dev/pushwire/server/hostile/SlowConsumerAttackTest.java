package dev.pushwire.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.testkit.RawWebSocket;
import dev.pushwire.testkit.WsFrame;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A client that sends without ever reading: its echoes pile up until the server closes it as a slow consumer. */
class SlowConsumerAttackTest extends HostileSuite {

    @Test
    void closesAClientThatNeverReadsAsSlowConsumer4000AndKeepsServingOthers() throws Exception {
        // a small receive window, so the kernel buffers between us hold little and the server's queue fills fast
        RawWebSocket ws = RawWebSocket.open(new InetSocketAddress("127.0.0.1", server.port()), 16 * 1024);
        ws.upgrade("/echo", Map.of());
        assertThat(ws.handshake().status()).isEqualTo(101);
        AtomicLong sent = new AtomicLong();
        byte[] message = new byte[32 * 1024];
        CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
            try {
                while (sent.get() < 512L * 1024 * 1024) {
                    ws.send(WsFrame.binary(message));
                    sent.addAndGet(message.length);
                }
            } catch (RuntimeException closedByServer) {
                // expected: the server dropped us
            }
        });
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(closes).as("close events on the server").anyMatch(e -> e.code() == 4000));
        } finally {
            ws.close();
        }
        awaitOnlyBystanderLeft();
        flood.get(30, TimeUnit.SECONDS);
        assertThat(sent.get()).as("bytes sent before the server gave up")
                .isLessThan(64L * 1024 * 1024);
        assertThat(closes).anySatisfy(e -> {
            assertThat(e.code()).isEqualTo(4000);
            assertThat(e.reason()).containsIgnoringCase("slow");
        });
        assertOthersUnharmed();
    }
}
