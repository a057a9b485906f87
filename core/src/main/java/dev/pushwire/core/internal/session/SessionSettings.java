package dev.pushwire.core.internal.session;

import java.time.Duration;
import java.util.Objects;

/**
 * What one session needs to know about its limits and timers. Immutable; the server builds it from its
 * {@code HttpTransportOptions} and the endpoint's {@code ConnectionLimits}. Defaults:
 * <ul>
 *   <li>{@link #hold()} 25 s: a long poll with nothing to say is answered empty after this (below the 30-60 s
 *       read timeouts of common proxies);</li>
 *   <li>{@link #linger()} 50 ms: the longest a long-polling session's queued message waits for more so one answer
 *       carries several; the wait adapts to the session's rate ({@link AdaptiveLinger}: none when quiet or when messages
 *       come more than half of it apart, until four wait when busy); 0 still
 *       batches what is sent in the same task;</li>
 *   <li>{@link #heartbeat()} 15 s: an SSE stream with nothing written for this long gets a comment line;</li>
 *   <li>{@link #sessionTimeout()} 30 s: a session with no request for this long (and none held) expires;</li>
 *   <li>{@link #closeTimeout()} 5 s: after a server-side close, how long queued messages wait for a poll;</li>
 *   <li>{@link #maxBatchBytes()} 64 KiB of payload per response (at least one message is always sent);</li>
 *   <li>{@link #maxQueuedBytes()} 4 MiB of payload queued and not acknowledged before the session closes as a slow
 *       consumer (4000);</li>
 *   <li>{@link #maxMessageBytes()} 1 MiB per client message (larger: 413 and close 1009).</li>
 * </ul>
 */
public final class SessionSettings {
    /** The defaults listed above. */
    public static final SessionSettings DEFAULT = builder().build();

    private final Duration hold;
    private final Duration linger;
    private final Duration heartbeat;
    private final Duration sessionTimeout;
    private final Duration closeTimeout;
    private final int maxBatchBytes;
    private final long maxQueuedBytes;
    private final int maxMessageBytes;
    /** 0: derived from maxQueuedBytes. */
    private final long lowWaterMark;
    /** 0: derived from maxQueuedBytes. */
    private final long highWaterMark;

    private SessionSettings(Builder b) {
        hold = b.hold;
        linger = b.linger;
        heartbeat = b.heartbeat;
        sessionTimeout = b.sessionTimeout;
        closeTimeout = b.closeTimeout;
        maxBatchBytes = b.maxBatchBytes;
        maxQueuedBytes = b.maxQueuedBytes;
        maxMessageBytes = b.maxMessageBytes;
        lowWaterMark = b.lowWaterMark;
        highWaterMark = b.highWaterMark;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public Duration hold() {
        return hold;
    }

    public Duration linger() {
        return linger;
    }

    public Duration heartbeat() {
        return heartbeat;
    }

    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    public Duration closeTimeout() {
        return closeTimeout;
    }

    public int maxBatchBytes() {
        return maxBatchBytes;
    }

    public long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    /** Queued bytes past which the session is not writable; default half of {@link #maxQueuedBytes()}. */
    public long highWaterMark() {
        return highWaterMark > 0 ? Math.min(highWaterMark, maxQueuedBytes) : Math.max(1, maxQueuedBytes / 2);
    }

    /** Queued bytes to which the session must drain to be writable again; default half the high water mark. */
    public long lowWaterMark() {
        return lowWaterMark > 0 ? Math.min(lowWaterMark, highWaterMark()) : highWaterMark() / 2;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    @Override
    public String toString() {
        return "SessionSettings{hold=" + hold + ", linger=" + linger + ", heartbeat=" + heartbeat
                + ", sessionTimeout=" + sessionTimeout + ", closeTimeout=" + closeTimeout
                + ", maxBatchBytes=" + maxBatchBytes + ", maxQueuedBytes=" + maxQueuedBytes
                + ", maxMessageBytes=" + maxMessageBytes + '}';
    }

    /** Builds {@link SessionSettings}; every setter checks its argument. */
    public static final class Builder {
        private Duration hold = Duration.ofSeconds(25);
        private Duration linger = Duration.ofMillis(50);
        private Duration heartbeat = Duration.ofSeconds(15);
        private Duration sessionTimeout = Duration.ofSeconds(30);
        private Duration closeTimeout = Duration.ofSeconds(5);
        private int maxBatchBytes = 64 * 1024;
        private long maxQueuedBytes = 4L << 20;
        private int maxMessageBytes = 1 << 20;
        private long lowWaterMark;
        private long highWaterMark;

        private Builder() {
        }

        private Builder(SessionSettings s) {
            hold = s.hold;
            linger = s.linger;
            heartbeat = s.heartbeat;
            sessionTimeout = s.sessionTimeout;
            closeTimeout = s.closeTimeout;
            maxBatchBytes = s.maxBatchBytes;
            maxQueuedBytes = s.maxQueuedBytes;
            maxMessageBytes = s.maxMessageBytes;
            lowWaterMark = s.lowWaterMark;
            highWaterMark = s.highWaterMark;
        }

        /** Both water marks ({@code 0, 0}: derived from maxQueuedBytes); {@code 0 <= low <= high}. */
        public Builder waterMarks(long low, long high) {
            if (low < 0 || low > high) {
                throw new IllegalArgumentException("water marks must satisfy 0 <= low <= high, were low=" + low
                        + ", high=" + high);
            }
            lowWaterMark = low;
            highWaterMark = high;
            return this;
        }

        public Builder hold(Duration d) {
            hold = positive(d, "hold");
            return this;
        }

        public Builder linger(Duration d) {
            Objects.requireNonNull(d, "linger");
            if (d.isNegative()) {
                throw new IllegalArgumentException("linger must not be negative, was " + d);
            }
            linger = d;
            return this;
        }

        public Builder heartbeat(Duration d) {
            heartbeat = positive(d, "heartbeat");
            return this;
        }

        public Builder sessionTimeout(Duration d) {
            sessionTimeout = positive(d, "sessionTimeout");
            return this;
        }

        public Builder closeTimeout(Duration d) {
            closeTimeout = positive(d, "closeTimeout");
            return this;
        }

        public Builder maxBatchBytes(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxBatchBytes must be > 0, was " + bytes);
            }
            maxBatchBytes = bytes;
            return this;
        }

        public Builder maxQueuedBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxQueuedBytes must be > 0, was " + bytes);
            }
            maxQueuedBytes = bytes;
            return this;
        }

        public Builder maxMessageBytes(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxMessageBytes must be > 0, was " + bytes);
            }
            maxMessageBytes = bytes;
            return this;
        }

        public SessionSettings build() {
            return new SessionSettings(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be > 0, was " + d);
            }
            return d;
        }
    }
}
