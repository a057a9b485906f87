package dev.pushwire.core.internal;

/**
 * A token bucket: holds at most {@code burst} tokens, gains {@code perSecond} a second, and each admitted event takes
 * one. Used for every rate limit (messages per connection, hub publishes, HTTP sessions per client address).
 *
 * <p>Not thread safe: confine it to one thread (a connection's event loop) or guard it. Time is
 * {@link System#nanoTime()} unless a test passes its own; the bucket starts full. 24 bytes of state.
 */
public final class TokenBucket {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    /**
     * @param perSecond tokens gained per second, > 0
     * @param burst     the most tokens held (and the size of a burst admitted at once), >= 1
     */
    public TokenBucket(double perSecond, int burst, long nowNanos) {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a token bucket needs perSecond > 0 and burst >= 1, was " + perSecond
                    + " and " + burst);
        }
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** A full bucket on the system clock. */
    public TokenBucket(double perSecond, int burst) {
        this(perSecond, burst, System.nanoTime());
    }

    /** Takes a token if there is one. */
    public boolean tryTake() {
        return tryTake(System.nanoTime());
    }

    /** Takes a token if there is one at {@code nowNanos}. */
    public boolean tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Seconds (rounded up, at least 1) until a token is there, e.g. for {@code Retry-After}. */
    public long secondsUntilToken(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e9));
    }

    /** Whether the bucket is full at {@code nowNanos} (an idle client's bucket can be forgotten). */
    public boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= burst;
    }

    private void refill(long now) {
        long elapsed = now - last;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perNano);
            last = now;
        }
    }
}
