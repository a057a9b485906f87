package dev.pushwire.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.server.PushwireServer;
import dev.pushwire.testkit.NettyLeakCheck;
import dev.pushwire.testkit.RawWebSocket;
import dev.pushwire.websocket.DeflateOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the hostile-input cases: a real {@link PushwireServer} with an echo endpoint on a free loopback port, a
 * {@link Bystander} client that keeps round-tripping while the attack runs, the close events the server reported,
 * and the heap measured after collection before and during the attack.
 */
@ExtendWith(NettyLeakCheck.class)
abstract class HostileSuite {
    /** Deadline for what a healthy server does at once; long, because waits end as soon as the condition holds. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** How much the server's live heap may grow during one attack. */
    static final long HEAP_BOUND_BYTES = 64L * 1024 * 1024;

    PushwireServer server;
    /** Close events of every connection on the echo endpoint; appended on event loops. */
    final Queue<CloseEvent> closes = new ConcurrentLinkedQueue<>();
    Bystander bystander;
    long heapBefore;
    private final List<RawWebSocket> attackers = new ArrayList<>(); // test-thread confined

    /** The limits of this suite's server; subclasses may tighten them. */
    ConnectionLimits limits() {
        return ConnectionLimits.builder()
                .maxMessageBytes(1024 * 1024)
                .maxFrameBytes(256 * 1024)
                .maxBufferedBytes(1024 * 1024)
                .closeTimeout(Duration.ofSeconds(1))
                .build();
    }

    /** permessage-deflate for this suite's server; off unless a subclass turns it on. */
    DeflateOptions deflate() {
        return DeflateOptions.DISABLED;
    }

    Duration handshakeTimeout() {
        return Duration.ofSeconds(10);
    }

    @BeforeEach
    void startServerAndBystander() {
        server = PushwireServer.builder()
                .host("127.0.0.1")
                .port(0)
                .limits(limits())
                .handshakeTimeout(handshakeTimeout())
                .deflate(deflate())
                .build();
        server.endpoint("/echo", conn -> {
            conn.onMessage(msg -> conn.send(msg, null));
            conn.onClose(closes::add);
        });
        server.start();
        heapBefore = usedHeapAfterGc();
        bystander = Bystander.start(server.port(), "/echo");
    }

    @AfterEach
    void stopEverything() {
        attackers.forEach(RawWebSocket::close);
        if (bystander != null) {
            bystander.stop();
        }
        if (server != null) {
            server.stop();
        }
    }

    RawWebSocket attacker() {
        RawWebSocket ws = RawWebSocket.connect(server.port(), "/echo");
        attackers.add(ws);
        return ws;
    }

    RawWebSocket attackerTcp() {
        RawWebSocket ws = RawWebSocket.open(server.port());
        attackers.add(ws);
        return ws;
    }

    /** The bystander was served all along and still is; the server's live heap stayed within the bound. */
    void assertOthersUnharmed() {
        bystander.assertServedThroughout();
        assertHeapBounded();
    }

    void assertHeapBounded() {
        long grown = usedHeapAfterGc() - heapBefore;
        assertThat(grown).as("live heap growth in bytes").isLessThan(HEAP_BOUND_BYTES);
    }

    /** Waits until the server reported a close with {@code code} (on any connection). */
    void awaitServerClose(int code) {
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(closes).as("close events on the server").anyMatch(e -> e.code() == code));
    }

    /** Waits until only the bystander is left on the server. */
    void awaitOnlyBystanderLeft() {
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(server.connections()).as("open connections").hasSize(1));
    }

    static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
