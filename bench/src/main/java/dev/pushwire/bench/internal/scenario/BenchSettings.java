package dev.pushwire.bench.internal.scenario;

import java.time.Duration;

/**
 * How long and how hard the scenarios run. Immutable.
 *
 * @param warmup load before measuring (JIT, pools, TCP windows)
 * @param measure the measured window of each throughput or broadcast scenario
 * @param clientThreads the load generator's event loops
 * @param idleConnections connections the idle scenario opens (capped by both processes' open-file limits)
 * @param connectConcurrency upgrades in progress at once while opening many connections
 * @param broadcastDeliveriesPerSecond offered deliveries per second in the broadcast scenarios
 * @param settle wait after opening idle connections before reading RSS
 */
public record BenchSettings(Duration warmup, Duration measure, int clientThreads, int idleConnections,
                            int connectConcurrency, int broadcastDeliveriesPerSecond, Duration settle) {
    /** The full run's defaults: 3 s warm-up, 8 s measured, 19,000 idle connections. */
    public static BenchSettings full() {
        return new BenchSettings(Duration.ofSeconds(3), Duration.ofSeconds(8), 2, 19_000, 256, 50_000,
                Duration.ofSeconds(3));
    }

    /** The smoke test's: 0.3 s warm-up, 0.7 s measured, 1,000 idle connections. */
    public static BenchSettings quick() {
        return new BenchSettings(Duration.ofMillis(300), Duration.ofMillis(700), 2, 1_000, 256, 50_000,
                Duration.ofMillis(300));
    }
}
