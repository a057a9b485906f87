package dev.pushwire.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.testkit.RawWebSocket;
import dev.pushwire.testkit.WsFrame;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A well-behaved client that round-trips an echo over and over on its own thread while an attack runs, and
 * records how many round trips worked, the slowest one, and the first failure.
 */
final class Bystander {
    /**
     * The slowest round trip that still counts as served: generous, because the build machine may be loaded (a
     * load of 20 on 2 cores was seen), yet far shorter than any attack here would block a server that serialized
     * on it (the slow handshake alone would take 33 s).
     */
    static final Duration MAX_ROUND_TRIP = Duration.ofSeconds(5);

    private final RawWebSocket ws;
    private final Thread thread;
    private final AtomicInteger roundTrips = new AtomicInteger();
    private final AtomicLong slowestNanos = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;

    private Bystander(RawWebSocket ws) {
        this.ws = ws;
        this.thread = new Thread(this::run, "bystander");
        this.thread.setDaemon(true);
    }

    static Bystander start(int port, String path) {
        Bystander bystander = new Bystander(RawWebSocket.connect(port, path));
        bystander.thread.start();
        return bystander;
    }

    private void run() {
        int i = 0;
        while (running) {
            String text = "bystander " + i++;
            long start = System.nanoTime();
            try {
                ws.send(WsFrame.text(text));
                WsFrame echo = ws.readMessage(Duration.ofSeconds(10));
                if (!text.equals(echo.text())) {
                    throw new AssertionError("bystander got " + echo + " for " + text);
                }
            } catch (Throwable t) {
                if (running) {
                    failure.compareAndSet(null, t);
                }
                return;
            }
            slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
            roundTrips.incrementAndGet();
            try {
                Thread.sleep(5); // pacing, so the bystander does not itself load the server
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Asserts that every round trip worked, some did, none was slow, and one more works now. */
    void assertServedThroughout() {
        int before = roundTrips.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> roundTrips.get() > before || failure.get() != null);
        if (failure.get() != null) {
            throw new AssertionError("the bystander was not served during the attack", failure.get());
        }
        assertThat(roundTrips.get()).as("bystander round trips after the attack").isGreaterThan(before);
        assertThat(Duration.ofNanos(slowestNanos.get())).as("slowest bystander round trip")
                .isLessThan(MAX_ROUND_TRIP);
    }

    int roundTrips() {
        return roundTrips.get();
    }

    void stop() {
        running = false;
        ws.close();
        thread.interrupt();
    }
}
