package dev.pushwire.client.internal.http;

import java.time.Duration;
import java.util.Random;

/**
 * Jittered exponential backoff ("full jitter"): the n-th consecutive failure waits a random time between 0 and
 * {@code min(max, initial * 2^n)}, so many clients cut off together do not come back together. Not thread-safe:
 * one per retry loop.
 */
public final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private final Random random;
    private int failures;

    public Backoff(Duration initial, Duration max, Random random) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.random = random;
    }

    /** The delay before the next attempt after one more failure. */
    public long nextDelayMillis() {
        long cap = initialMillis << Math.min(failures, 30);
        failures++;
        cap = Math.min(maxMillis, cap < 0 ? maxMillis : cap);
        return (long) (random.nextDouble() * cap);
    }

    /** Consecutive failures so far. */
    public int failures() {
        return failures;
    }

    /** After a success: the next failure starts from the initial delay again. */
    public void reset() {
        failures = 0;
    }
}
