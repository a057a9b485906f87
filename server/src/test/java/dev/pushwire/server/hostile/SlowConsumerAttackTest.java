package dev.pushwire.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.testkit.RawWebSocket;
import dev.pushwire.testkit.WsFrame;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A client that sends without ever reading: its echoes pile up until the server closes it as a slow consumer. */
class SlowConsumerAttackTest extends HostileSuite {

    @Test
    void closesAClientThatNeverReadsAsSlowConsumer4000AndKeepsServingOthers() throws Exception {
        RawWebSocket ws = attacker();
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
        awaitServerClose(4000);
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
