package dev.pushwire.server.internal;

import dev.pushwire.core.hub.HubObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The meters an operator alerts on (docs/operations.md): publication delivery latency and broker round trip (fed by
 * every mounted hub through {@link HubObserver}), event-loop lag (a probe on every event loop) and connections refused
 * (by the connection limit or a drain). Bytes buffered across connections are {@link FlowMeters}'.
 *
 * <p>Cost: the probe is one scheduled task per loop every {@link #PROBE_INTERVAL}; delivery latency is sampled by
 * the hub (a few subscribers per publication). Thread safe: Micrometer's meters are.
 */
public final class OperationsMeters implements HubObserver {
    /** How often each event loop's lag is measured. */
    static final Duration PROBE_INTERVAL = Duration.ofMillis(100);
    /** Buckets of the latency histograms, so dashboards can compute quantiles across nodes. */
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofNanos(250_000), Duration.ofNanos(500_000),
        Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofNanos(2_500_000_000L), Duration.ofSeconds(5)};

    private final MeterRegistry registry;
    private final Timer delivery;
    private final Timer brokerRoundTrip;
    private final Timer eventLoopLag;
    private final Counter refusedLimit;
    private final Counter refusedDraining;
    private final Counter dropped;
    /** The probes' tasks; guarded by {@code this}. */
    private final List<ScheduledFuture<?>> probes = new ArrayList<>();
    /** Guarded by {@code this}. */
    private boolean stopped;

    /** Registers the meters. */
    public OperationsMeters(MeterRegistry registry) {
        this.registry = registry;
        delivery = timer("pushwire.hub.delivery.latency", "Time from the broker accepting a publication to its write"
                + " to a subscriber's socket or HTTP session (sampled: up to 9 subscribers per publication)");
        brokerRoundTrip = timer("pushwire.broker.roundtrip", "Time from handing a publication to the broker to its"
                + " answer (stored and delivered)");
        eventLoopLag = timer("pushwire.eventloop.lag", "How late a task scheduled on an event loop ran (measured"
                + " every 100 ms on every loop)");
        refusedLimit = refused("max-connections");
        refusedDraining = refused("draining");
        dropped = Counter.builder("pushwire.hub.pushes.dropped")
                .description("Pushes to slow subscribers dropped by their namespace's policy (drop-oldest,"
                        + " latest-value)").register(registry);
    }

    private Timer timer(String name, String description) {
        return Timer.builder(name).description(description).serviceLevelObjectives(LATENCY_BUCKETS)
                .distributionStatisticExpiry(Duration.ofMinutes(1)).register(registry);
    }

    private Counter refused(String reason) {
        return Counter.builder("pushwire.connections.refused")
                .description("Connections refused before opening, by reason (max-connections, draining)")
                .tag("reason", reason).register(registry);
    }

    /** A connection was refused because the server was full ({@code true}) or draining ({@code false}). */
    public void refused(boolean limit) {
        (limit ? refusedLimit : refusedDraining).increment();
    }

    @Override
    public void delivered(long nanos) {
        delivery.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void brokerRoundTrip(long nanos) {
        brokerRoundTrip.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void pushDropped() {
        dropped.increment();
    }

    /** The event-loop lag timer (its max and mean, for an admin page). */
    public Timer eventLoopLag() {
        return eventLoopLag;
    }

    /** Starts measuring the lag of every loop of {@code loops} until {@link #stopProbes()}. */
    public synchronized void probe(EventLoopGroup loops) {
        long interval = PROBE_INTERVAL.toNanos();
        for (EventExecutor loop : loops) {
            scheduleProbe(loop, interval);
        }
    }

    private synchronized void scheduleProbe(EventExecutor loop, long interval) {
        if (stopped || loop.isShuttingDown()) {
            return;
        }
        long due = System.nanoTime() + interval;
        try {
            probes.add(loop.schedule(() -> {
                eventLoopLag.record(Math.max(0, System.nanoTime() - due), TimeUnit.NANOSECONDS);
                removeDone();
                scheduleProbe(loop, interval);
            }, interval, TimeUnit.NANOSECONDS));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the loop is shutting down
        }
    }

    private synchronized void removeDone() {
        probes.removeIf(java.util.concurrent.Future::isDone);
    }

    /** Stops the probes (on server stop). */
    public synchronized void stopProbes() {
        stopped = true;
        for (ScheduledFuture<?> f : probes) {
            f.cancel(false);
        }
        probes.clear();
    }
}
