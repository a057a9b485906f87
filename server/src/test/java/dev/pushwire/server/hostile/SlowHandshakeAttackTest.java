package dev.pushwire.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.testkit.RawWebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A slowloris handshake, one byte per 100 ms: closed when the handshake timeout passes. */
class SlowHandshakeAttackTest extends HostileSuite {
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(1);

    @Override
    Duration handshakeTimeout() {
        return HANDSHAKE_TIMEOUT;
    }

    @Test
    void closesHandshakesTrickledOneBytePer100MsAtTheHandshakeTimeout() throws Exception {
        List<RawWebSocket> slow = new ArrayList<>();
        List<CompletableFuture<Boolean>> trickles = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            RawWebSocket ws = attackerTcp();
            slow.add(ws);
            byte[] request = ws.upgradeRequest("/echo", Map.of("X-Padding", "p".repeat(200)));
            // a request of ~330 bytes at 10 bytes/s would take 33 s
            trickles.add(CompletableFuture.supplyAsync(() -> ws.trickle(request, Duration.ofMillis(100))));
        }
        for (RawWebSocket ws : slow) {
            assertThat(ws.awaitEndOfStream(HANDSHAKE_TIMEOUT.plusSeconds(9)))
                    .as("server closed the slow handshake").isTrue();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(elapsed).as("time until every slow handshake was closed")
                .isGreaterThanOrEqualTo(HANDSHAKE_TIMEOUT.minusMillis(100))
                .isLessThan(HANDSHAKE_TIMEOUT.plusSeconds(9));
        for (CompletableFuture<Boolean> trickle : trickles) {
            assertThat(trickle.get(10, TimeUnit.SECONDS)).as("trickle was cut off").isFalse();
        }
        assertThat(server.connections()).hasSize(1);
        assertOthersUnharmed();
    }
}
