package dev.pushwire.server.internal;

import dev.pushwire.core.CloseCode;
import dev.pushwire.core.Connection;
import dev.pushwire.core.DrainNotice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One drain of a server: the connections open when it starts are closed with 1001 and a {@link DrainNotice} in a
 * spread over the drain period (in random order, a share every tick), so their clients do not all reconnect in the
 * same second. The registry refuses new connections from the start ({@link ConnectionRegistry#startDraining()}).
 * The future completes when every connection has closed, or {@code closeTimeout} after the last close was sent.
 *
 * <p>Threading: runs on its own daemon thread; {@link #start} may be called from any thread.
 */
public final class Drain {
    private static final Logger log = LoggerFactory.getLogger(Drain.class);
    /** The message of the 503 {@code draining} answer to a new connection during a drain. */
    public static final String REFUSED_MESSAGE = "this node is draining before a restart and takes no new"
            + " connections; connect again (a load balancer sends you to another node)";
    /** How often a share of the connections is closed. */
    static final long TICK_MILLIS = 50;

    private final ConnectionRegistry registry;
    private final List<Connection> toClose;
    private final long periodNanos;
    private final long closeTimeoutNanos;
    private final String reason;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pushwire-drain");
        t.setDaemon(true);
        return t;
    });
    /** Timer-thread confined. */
    private int closed;
    /** Timer-thread confined: when the last close went out, or 0. */
    private long lastCloseAt;
    private final long startedAt = System.nanoTime();

    private Drain(ConnectionRegistry registry, Duration period, Duration closeTimeout) {
        this.registry = registry;
        this.toClose = new ArrayList<>(registry.view());
        Collections.shuffle(toClose);
        this.periodNanos = period.toNanos();
        this.closeTimeoutNanos = closeTimeout.toNanos();
        this.reason = DrainNotice.reason(period.isZero() ? Duration.ofSeconds(1) : period);
    }

    /**
     * Marks the registry draining and starts closing its connections over {@code period}; the future completes
     * when they are all gone, or {@code closeTimeout} after the last close.
     */
    public static CompletableFuture<Void> start(ConnectionRegistry registry, Duration period, Duration closeTimeout) {
        registry.startDraining();
        Drain drain = new Drain(registry, period, closeTimeout);
        log.info("draining {} connections over {} ms", drain.toClose.size(), period.toMillis());
        drain.timer.scheduleAtFixedRate(drain::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        drain.done.whenComplete((v, e) -> drain.timer.shutdown());
        return drain.done;
    }

    private void tick() {
        try {
            long now = System.nanoTime();
            int n = toClose.size();
            int due = periodNanos <= 0 ? n
                    : (int) Math.min(n, (long) Math.ceil(n * (double) (now - startedAt) / periodNanos));
            while (closed < due) {
                Connection c = toClose.get(closed++);
                try {
                    c.close(CloseCode.GOING_AWAY.code(), reason);
                } catch (RuntimeException e) {
                    log.debug("closing {} failed", c.id(), e);
                }
            }
            if (closed < n) {
                return;
            }
            if (lastCloseAt == 0) {
                lastCloseAt = now;
            }
            if (registry.view().isEmpty() || now - lastCloseAt >= closeTimeoutNanos) {
                log.info("drain done: {} connections closed, {} still open", n, registry.view().size());
                done.complete(null);
            }
        } catch (Throwable t) {
            log.warn("drain failed", t);
            done.completeExceptionally(t);
        }
    }
}
