package dev.pushwire.bench.internal.transports;

import java.time.Duration;

/**
 * A set of clients of one transport receiving the ticker through the relay. Lifecycle on the harness thread:
 * {@link #open}, then for each measured window {@link #begin} (before the publish starts) and {@link #finish},
 * then {@link #close}.
 */
interface LoadClients extends AutoCloseable {
    /** Opens {@code n} clients and returns once every one is connected (or throws after {@code timeout}). */
    void open(int n, Duration timeout) throws Exception;

    /** Starts recording the window of messages {@code first .. first + count - 1}. */
    void begin(long first, int count) throws Exception;

    /** Waits until every client has every message of the window or {@code drain} has passed; what was received. */
    WindowResult finish(Duration drain) throws Exception;

    /** The process whose CPU is the load generator's (this JVM, or a Node child). */
    long clientPid();

    /** What the clients received in one window; latencies in microseconds. */
    record WindowResult(long expected, long delivered, long duplicated, long p50Micros, long p99Micros,
                        long maxMicros) {
        long missing() {
            return expected - delivered;
        }
    }
}
