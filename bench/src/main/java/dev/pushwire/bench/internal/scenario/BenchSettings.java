package dev.pushwire.bench.internal.scenario;

import dev.pushwire.bench.internal.load.ClientTransport;
import dev.pushwire.bench.internal.load.EchoGenerator;
import java.time.Duration;

/**
 * How long and how hard the scenarios run. Immutable.
 *
 * @param warmup load before measuring (JIT, pools, TCP windows)
 * @param measure the measured window of each echo scenario
 * @param clientThreads the load generator's event loops
 * @param idleConnections connections the idle scenario opens (capped by both processes' open-file limits)
 * @param connectConcurrency upgrades in progress at once while opening many connections
 * @param broadcastDeliveriesPerSecond offered deliveries per second in the broadcast scenarios
 * @param settle wait after opening idle connections before reading RSS
 * @param broadcastWindows measured windows per broadcast scenario, back to back on the same connections; its
 *     latencies are the median over the windows of each window's percentile (one stall of the machine moves one
 *     window, not the figure)
 * @param broadcastWindow the length of each broadcast window
 * @param clientTransport the load generator's transport, the same for every peer
 * @param generatorWarmup how long the load generator drives a throw-away peer (raw Netty) through every scenario
 *     before the first measured peer starts, so that the first peer meets a generator as warm as the last one's
 *     ({@link Duration#ZERO}: none)
 * @param echoGenerator the load generator of the echo scenarios: the C program or this process's Netty client
 *     (broadcast and idle always use the latter)
 */
public record BenchSettings(Duration warmup, Duration measure, int clientThreads, int idleConnections,
                            int connectConcurrency, int broadcastDeliveriesPerSecond, Duration settle,
                            int broadcastWindows, Duration broadcastWindow, ClientTransport clientTransport,
                            Duration generatorWarmup, EchoGenerator echoGenerator) {
    public BenchSettings {
        if (broadcastWindows < 1) {
            throw new IllegalArgumentException("broadcastWindows must be at least 1, was " + broadcastWindows);
        }
    }

    /**
     * Settings with one broadcast window of {@code measure}, the generator on epoll and no generator warm-up (the
     * harness as it was before these knobs).
     */
    public BenchSettings(Duration warmup, Duration measure, int clientThreads, int idleConnections,
                         int connectConcurrency, int broadcastDeliveriesPerSecond, Duration settle) {
        this(warmup, measure, clientThreads, idleConnections, connectConcurrency, broadcastDeliveriesPerSecond, settle,
                1, measure, ClientTransport.EPOLL, Duration.ZERO);
    }

    /** Settings whose echoes use the Java generator (the harness before the C one). */
    public BenchSettings(Duration warmup, Duration measure, int clientThreads, int idleConnections,
                         int connectConcurrency, int broadcastDeliveriesPerSecond, Duration settle,
                         int broadcastWindows, Duration broadcastWindow, ClientTransport clientTransport,
                         Duration generatorWarmup) {
        this(warmup, measure, clientThreads, idleConnections, connectConcurrency, broadcastDeliveriesPerSecond, settle,
                broadcastWindows, broadcastWindow, clientTransport, generatorWarmup, EchoGenerator.JAVA);
    }

    /**
     * The full run's defaults: 3 s warm-up, 8 s measured (broadcast: 3 windows of 5 s), 19,000 idle connections,
     * the generator on io_uring where the kernel has it, 2 s of generator warm-up per scenario, the echoes on the Java
     * generator ({@code bench ws} replaces it with what {@code --generator} says, by default the C one).
     */
    public static BenchSettings full() {
        return new BenchSettings(Duration.ofSeconds(3), Duration.ofSeconds(8), 2, 19_000, 256, 50_000,
                Duration.ofSeconds(3), 3, Duration.ofSeconds(5), ClientTransport.parse("auto"), Duration.ofSeconds(2),
                EchoGenerator.JAVA);
    }

    /** The smoke test's: 0.3 s warm-up, 0.7 s measured (broadcast: 3 × 0.3 s), 1,000 idle connections. */
    public static BenchSettings quick() {
        return new BenchSettings(Duration.ofMillis(300), Duration.ofMillis(700), 2, 1_000, 256, 50_000,
                Duration.ofMillis(300), 3, Duration.ofMillis(300), ClientTransport.parse("auto"),
                Duration.ofMillis(200), EchoGenerator.JAVA);
    }

    /** These settings with {@code warmup} and {@code measure} replaced (a short throw-away load). */
    public BenchSettings brief(Duration newWarmup, Duration newMeasure) {
        return new BenchSettings(newWarmup, newMeasure, clientThreads, 0, connectConcurrency,
                broadcastDeliveriesPerSecond, settle, 1, newMeasure, clientTransport, Duration.ZERO, echoGenerator);
    }
}
