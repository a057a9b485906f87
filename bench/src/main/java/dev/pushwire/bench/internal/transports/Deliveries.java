package dev.pushwire.bench.internal.transports;

import java.util.BitSet;
import org.HdrHistogram.Histogram;

/**
 * What the clients of one measured window received: per client, which message indexes arrived (to count missing
 * and duplicated ones), and the publish → receive latency of every delivery in a histogram (microseconds).
 *
 * <p>Threading: {@link #deliver} may be called from any thread (it locks); the other methods are for the harness
 * thread after the window.
 */
final class Deliveries {
    private final long first;
    private final int count;
    private final BitSet[] seen;
    private final Histogram latency = new Histogram(3_600_000_000L, 3);
    private long delivered;
    private long duplicated;
    private long unexpected;

    Deliveries(int clients, long first, int count) {
        this.first = first;
        this.count = count;
        this.seen = new BitSet[clients];
        for (int c = 0; c < clients; c++) {
            seen[c] = new BitSet(count);
        }
    }

    /** Records a message text {@code {"i":..,"t":..}} received by {@code client} at {@code nowMicros}. */
    void deliver(int client, String text, long nowMicros) {
        long i = field(text, "\"i\":");
        long t = field(text, "\"t\":");
        synchronized (this) {
            if (i < first || i >= first + count) {
                unexpected++;
                return;
            }
            int k = (int) (i - first);
            if (seen[client].get(k)) {
                duplicated++;
                return;
            }
            seen[client].set(k);
            delivered++;
            latency.recordValue(Math.max(0, nowMicros - t));
        }
    }

    synchronized long delivered() {
        return delivered;
    }

    synchronized long duplicated() {
        return duplicated;
    }

    /** Messages from outside the window (a late one from the window before): neither counted nor missing. */
    synchronized long unexpected() {
        return unexpected;
    }

    long expected() {
        return (long) count * seen.length;
    }

    synchronized Histogram latency() {
        return latency.copy();
    }

    static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static long field(String text, String key) {
        int at = text.indexOf(key);
        if (at < 0) {
            return -1;
        }
        long v = 0;
        for (int p = at + key.length(); p < text.length(); p++) {
            char ch = text.charAt(p);
            if (ch < '0' || ch > '9') {
                break;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }
}
