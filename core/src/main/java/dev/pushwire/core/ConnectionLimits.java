package dev.pushwire.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-connection limits, the same for every transport. Immutable; build with {@link #builder()} and start from
 * {@link #DEFAULT}. Every limit has a safe default and a specific answer when passed:
 *
 * <table>
 *   <caption>limits</caption>
 *   <tr><th>limit</th><th>default</th><th>when passed</th></tr>
 *   <tr><td>{@link #maxMessageBytes()}</td><td>1 MiB</td><td>close 1009</td></tr>
 *   <tr><td>{@link #maxFrameBytes()}</td><td>1 MiB</td><td>close 1009</td></tr>
 *   <tr><td>{@link #maxBufferedBytes()}</td><td>4 MiB</td><td>close 4000 (slow consumer)</td></tr>
 *   <tr><td>{@link #highWaterMark()}</td><td>half of maxBufferedBytes</td><td>{@link Connection#isWritable()} turns
 *       false</td></tr>
 *   <tr><td>{@link #lowWaterMark()}</td><td>a quarter of maxBufferedBytes</td><td>(falling to it)
 *       {@link Connection#isWritable()} turns true again</td></tr>
 *   <tr><td>{@link #pingInterval()}</td><td>25 s</td><td>a ping is sent when nothing was received for this long</td></tr>
 *   <tr><td>{@link #pingTimeout()}</td><td>20 s</td><td>no answer to a ping: terminate, reported as 4001</td></tr>
 *   <tr><td>{@link #idleTimeout()}</td><td>0 (off)</td><td>nothing received for this long: close 4002</td></tr>
 *   <tr><td>{@link #closeTimeout()}</td><td>5 s</td><td>no answer to our close frame: drop the TCP connection</td></tr>
 * </table>
 */
public final class ConnectionLimits {
    /** The defaults listed above. */
    public static final ConnectionLimits DEFAULT = builder().build();

    private final int maxMessageBytes;
    private final int maxFrameBytes;
    private final long maxBufferedBytes;
    /** 0: derived from maxBufferedBytes. */
    private final long highWaterMark;
    /** 0: derived from maxBufferedBytes. */
    private final long lowWaterMark;
    private final Duration pingInterval;
    private final Duration pingTimeout;
    private final Duration idleTimeout;
    private final Duration closeTimeout;

    private ConnectionLimits(Builder b) {
        this.maxMessageBytes = b.maxMessageBytes;
        this.maxFrameBytes = b.maxFrameBytes;
        this.maxBufferedBytes = b.maxBufferedBytes;
        this.highWaterMark = b.highWaterMark;
        this.lowWaterMark = b.lowWaterMark;
        this.pingInterval = b.pingInterval;
        this.pingTimeout = b.pingTimeout;
        this.idleTimeout = b.idleTimeout;
        this.closeTimeout = b.closeTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The largest whole message (after joining fragments and inflating) accepted from a peer. */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** The largest single frame payload accepted from a peer. */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** Bytes that may wait unsent for one connection before it is closed as a slow consumer. */
    public long maxBufferedBytes() {
        return maxBufferedBytes;
    }

    /**
     * Bytes waiting to be sent past which {@link Connection#isWritable()} turns false. Default: half of
     * {@link #maxBufferedBytes()}, so a producer that stops on the signal never reaches the slow-consumer close.
     */
    public long highWaterMark() {
        return highWaterMark > 0 ? highWaterMark : Math.max(1, maxBufferedBytes / 2);
    }

    /**
     * Bytes waiting to be sent to which the buffer must fall before {@link Connection#isWritable()} turns true
     * again. Default: a quarter of {@link #maxBufferedBytes()} (half the default high water mark).
     */
    public long lowWaterMark() {
        return lowWaterMark > 0 ? Math.min(lowWaterMark, highWaterMark()) : highWaterMark() / 2;
    }

    /** How long without hearing from the peer before we ping it; {@link Duration#ZERO} turns heartbeats off. */
    public Duration pingInterval() {
        return pingInterval;
    }

    /** How long a ping may go unanswered (no pong and no other frame) before the connection is terminated. */
    public Duration pingTimeout() {
        return pingTimeout;
    }

    /** How long without any message from the peer before closing; {@link Duration#ZERO} means never. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** How long to wait for the peer's close frame (and TCP close) after sending ours. */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    @Override
    public String toString() {
        return "ConnectionLimits{maxMessageBytes=" + maxMessageBytes + ", maxFrameBytes=" + maxFrameBytes
                + ", maxBufferedBytes=" + maxBufferedBytes + ", highWaterMark=" + highWaterMark()
                + ", lowWaterMark=" + lowWaterMark() + ", pingInterval=" + pingInterval
                + ", pingTimeout=" + pingTimeout + ", idleTimeout=" + idleTimeout
                + ", closeTimeout=" + closeTimeout + '}';
    }

    /** Builds {@link ConnectionLimits}; every setter checks its argument. */
    public static final class Builder {
        private int maxMessageBytes = 1 << 20;
        private int maxFrameBytes = 1 << 20;
        private long maxBufferedBytes = 4L << 20;
        private long highWaterMark;
        private long lowWaterMark;
        private Duration pingInterval = Duration.ofSeconds(25);
        private Duration pingTimeout = Duration.ofSeconds(20);
        private Duration idleTimeout = Duration.ZERO;
        private Duration closeTimeout = Duration.ofSeconds(5);

        private Builder() {
        }

        private Builder(ConnectionLimits l) {
            maxMessageBytes = l.maxMessageBytes;
            maxFrameBytes = l.maxFrameBytes;
            maxBufferedBytes = l.maxBufferedBytes;
            highWaterMark = l.highWaterMark;
            lowWaterMark = l.lowWaterMark;
            pingInterval = l.pingInterval;
            pingTimeout = l.pingTimeout;
            idleTimeout = l.idleTimeout;
            closeTimeout = l.closeTimeout;
        }

        public Builder maxMessageBytes(int bytes) {
            this.maxMessageBytes = positive(bytes, "maxMessageBytes");
            return this;
        }

        public Builder maxFrameBytes(int bytes) {
            this.maxFrameBytes = positive(bytes, "maxFrameBytes");
            return this;
        }

        public Builder maxBufferedBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxBufferedBytes must be > 0, was " + bytes);
            }
            this.maxBufferedBytes = bytes;
            return this;
        }

        /**
         * Sets both water marks (see {@link ConnectionLimits#highWaterMark()}); {@code 0, 0} goes back to deriving
         * them from {@code maxBufferedBytes}, and a low of 0 with a high set means half the high.
         *
         * @throws IllegalArgumentException unless {@code 0 <= low <= high}, and {@code high > 0} unless both are 0
         */
        public Builder waterMarks(long low, long high) {
            if (low < 0 || high < 0 || low > high || (high == 0 && low != 0)) {
                throw new IllegalArgumentException("water marks must satisfy 0 <= low <= high, were low=" + low
                        + ", high=" + high);
            }
            this.lowWaterMark = low;
            this.highWaterMark = high;
            return this;
        }

        public Builder pingInterval(Duration d) {
            this.pingInterval = notNegative(d, "pingInterval");
            return this;
        }

        public Builder pingTimeout(Duration d) {
            this.pingTimeout = notNegative(d, "pingTimeout");
            return this;
        }

        public Builder idleTimeout(Duration d) {
            this.idleTimeout = notNegative(d, "idleTimeout");
            return this;
        }

        public Builder closeTimeout(Duration d) {
            this.closeTimeout = notNegative(d, "closeTimeout");
            return this;
        }

        /**
         * @throws IllegalArgumentException if {@code maxFrameBytes} is larger than {@code maxMessageBytes}, or the
         *                                  high water mark is set above {@code maxBufferedBytes}
         */
        public ConnectionLimits build() {
            if (highWaterMark > maxBufferedBytes) {
                throw new IllegalArgumentException("highWaterMark (" + highWaterMark
                        + ") must not be larger than maxBufferedBytes (" + maxBufferedBytes + ")");
            }
            if (maxFrameBytes > maxMessageBytes) {
                throw new IllegalArgumentException("maxFrameBytes (" + maxFrameBytes
                        + ") must not be larger than maxMessageBytes (" + maxMessageBytes + ")");
            }
            return new ConnectionLimits(this);
        }

        private static int positive(int v, String name) {
            if (v <= 0) {
                throw new IllegalArgumentException(name + " must be > 0, was " + v);
            }
            return v;
        }

        private static Duration notNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + d);
            }
            return d;
        }
    }
}
