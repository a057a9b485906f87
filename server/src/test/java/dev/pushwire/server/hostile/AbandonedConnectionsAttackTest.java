package dev.pushwire.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.testkit.RawWebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** 1,000 connections opened and abandoned at once: every one is released, close listeners run once each. */
class AbandonedConnectionsAttackTest extends HostileSuite {
    private static final int CONNECTIONS = 1_000;
    /**
     * Live heap one idle connection may hold: server and raw client together, since both run in this JVM (the raw
     * client's read buffer alone is 8 KiB).
     */
    private static final long HEAP_PER_CONNECTION = 32 * 1024;

    @Test
    void releasesAThousandAbandonedConnections() throws Exception {
        List<RawWebSocket> upgraded = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<RawWebSocket>> opening = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                // from 127.0.0.2, the bystander from 127.0.0.1: 1,000 is the default limit per address
                opening.add(pool.submit(() -> {
                    RawWebSocket ws = RawWebSocket.openFrom("127.0.0.2", server.port());
                    assertThat(ws.upgrade("/echo", Map.of()).status()).isEqualTo(101);
                    return ws;
                }));
            }
            for (Future<RawWebSocket> f : opening) {
                upgraded.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        // plus half-open junk: TCP connections with half a handshake
        List<RawWebSocket> halfOpen = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            RawWebSocket ws = attackerTcp();
            byte[] request = ws.upgradeRequest("/echo", Map.of());
            ws.writeRaw(java.util.Arrays.copyOf(request, request.length / 2));
            halfOpen.add(ws);
        }
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(server.connections()).hasSize(CONNECTIONS + 1));
        long heapWithAll = usedHeapAfterGc() - heapBefore;
        assertThat(heapWithAll).as("live heap held by %d idle connections", CONNECTIONS)
                .isLessThan(CONNECTIONS * HEAP_PER_CONNECTION);

        for (int i = 0; i < upgraded.size(); i++) {
            if (i % 2 == 0) {
                upgraded.get(i).abort(); // RST
            } else {
                upgraded.get(i).close(); // FIN, no close frame
            }
        }
        halfOpen.forEach(RawWebSocket::abort);

        awaitOnlyBystanderLeft();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(closes).hasSize(CONNECTIONS));
        assertThat(closes).allSatisfy(e -> {
            assertThat(e.code()).as("abandoned without a close frame").isEqualTo(1006);
            assertThat(e.clean()).isFalse();
        });
        assertOthersUnharmed();
    }
}
