package dev.pushwire.bench.internal.scenario;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Latency samples in nanoseconds from many event loops without contention: each recording thread gets its own
 * single-writer HdrHistogram recorder; {@link #reset()} and {@link #snapshot()} (any thread) gather them.
 */
final class LatencyRecorder {
    private static final long MAX_NANOS = 120_000_000_000L;

    private final List<SingleWriterRecorder> all = new CopyOnWriteArrayList<>();
    private final ThreadLocal<SingleWriterRecorder> mine = ThreadLocal.withInitial(() -> {
        SingleWriterRecorder r = new SingleWriterRecorder(1, MAX_NANOS, 3);
        all.add(r);
        return r;
    });

    /** Records one latency; called by the thread that observed it. */
    void record(long nanos) {
        mine.get().recordValue(Math.max(1, Math.min(nanos, MAX_NANOS)));
    }

    /** Drops every sample recorded so far. */
    void reset() {
        for (SingleWriterRecorder r : all) {
            r.reset();
        }
    }

    /** Every sample since the last reset or snapshot, merged. */
    Histogram snapshot() {
        Histogram h = new Histogram(1, MAX_NANOS, 3);
        for (SingleWriterRecorder r : all) {
            h.add(r.getIntervalHistogram());
        }
        return h;
    }
}
