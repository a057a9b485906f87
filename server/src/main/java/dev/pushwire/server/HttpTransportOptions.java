package dev.pushwire.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the HTTP transports (SSE, long polling, polling) that every endpoint also speaks, selected by
 * {@code ?transport=} (see docs/protocol.md). Immutable; build with {@link #builder()}, start from {@link #DEFAULT}.
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>setting</th><th>default</th><th>what it does</th></tr>
 *   <tr><td>{@link #enabled()}</td><td>true</td><td>false: {@code ?transport=} requests get 404</td></tr>
 *   <tr><td>{@link #longPollHold()}</td><td>25 s</td><td>a long poll with nothing to say is answered empty after
 *       this; keep it below your proxies' read timeout</td></tr>
 *   <tr><td>{@link #longPollLinger()}</td><td>50 ms</td><td>the latency budget of long-poll batching: the longest a
 *       queued message waits for more so one answer carries several. Adaptive: none for a quiet session (a message
 *       more than this after the one before goes at once) or one whose messages come more than half of this apart
 *       (waiting would gather almost nothing); for a busy one the answer goes once four messages wait, or after
 *       3.5 gaps between messages, so at 100 messages/s an answer carries four and the first waits 30 ms (0: no
 *       waiting; messages sent in the same task still travel together)</td></tr>
 *   <tr><td>{@link #sseHeartbeat()}</td><td>15 s</td><td>an SSE comment line after this much silence on a
 *       stream (none while messages flow), so proxies keep the stream</td></tr>
 *   <tr><td>{@link #sseAckInterval()}</td><td>10 s</td><td>announced to SSE clients as {@code ackMs}: the longest
 *       a client lets a received message go unacknowledged (it also acknowledges at a quarter of the queue limit),
 *       so the longest the server keeps a delivered message; each acknowledgement is an HTTP request</td></tr>
 *   <tr><td>{@link #sessionTimeout()}</td><td>30 s</td><td>a session without any request for this long expires
 *       (close 4003)</td></tr>
 *   <tr><td>{@link #maxBatchBytes()}</td><td>64 KiB</td><td>payload bytes per answer (one message always goes
 *       whole)</td></tr>
 *   <tr><td>{@link #maxPostBytes()}</td><td>4 MiB</td><td>the largest POST body; larger gets 413</td></tr>
 *   <tr><td>{@link #rememberClosedSessions()}</td><td>10,000</td><td>closed session ids remembered so a late poll
 *       learns the close code</td></tr>
 *   <tr><td>{@link #forwardTimeout()}</td><td>5 s</td><td>with a cluster bus: how long the node holding a session
 *       has to take a request forwarded to it; past it, 4010 when that node is known dead, else 503 (retry)</td></tr>
 * </table>
 * The queue limit (slow consumer, 4000) and the message size limit are the endpoint's
 * {@code ConnectionLimits.maxBufferedBytes} and {@code maxMessageBytes}.
 */
public final class HttpTransportOptions {
    /** The defaults listed above. */
    public static final HttpTransportOptions DEFAULT = builder().build();

    private final boolean enabled;
    private final Duration longPollHold;
    private final Duration longPollLinger;
    private final Duration sseHeartbeat;
    private final Duration sseAckInterval;
    private final Duration sessionTimeout;
    private final int maxBatchBytes;
    private final int maxPostBytes;
    private final int rememberClosedSessions;
    private final Duration forwardTimeout;

    private HttpTransportOptions(Builder b) {
        enabled = b.enabled;
        longPollHold = b.longPollHold;
        longPollLinger = b.longPollLinger;
        sseHeartbeat = b.sseHeartbeat;
        sseAckInterval = b.sseAckInterval;
        sessionTimeout = b.sessionTimeout;
        maxBatchBytes = b.maxBatchBytes;
        maxPostBytes = b.maxPostBytes;
        rememberClosedSessions = b.rememberClosedSessions;
        forwardTimeout = b.forwardTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public boolean enabled() {
        return enabled;
    }

    public Duration longPollHold() {
        return longPollHold;
    }

    public Duration longPollLinger() {
        return longPollLinger;
    }

    public Duration sseHeartbeat() {
        return sseHeartbeat;
    }

    /**
     * The longest an SSE client lets a received message go unacknowledged (the open object's {@code ackMs},
     * docs/protocol.md 4.2).
     */
    public Duration sseAckInterval() {
        return sseAckInterval;
    }

    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    public int maxBatchBytes() {
        return maxBatchBytes;
    }

    public int maxPostBytes() {
        return maxPostBytes;
    }

    public int rememberClosedSessions() {
        return rememberClosedSessions;
    }

    /** How long the node holding a session has to take a forwarded request (docs/scaling.md). */
    public Duration forwardTimeout() {
        return forwardTimeout;
    }

    @Override
    public String toString() {
        return "HttpTransportOptions{enabled=" + enabled + ", longPollHold=" + longPollHold + ", longPollLinger="
                + longPollLinger + ", sseHeartbeat=" + sseHeartbeat + ", sseAckInterval=" + sseAckInterval + ", sessionTimeout=" + sessionTimeout
                + ", maxBatchBytes=" + maxBatchBytes + ", maxPostBytes=" + maxPostBytes
                + ", rememberClosedSessions=" + rememberClosedSessions + ", forwardTimeout=" + forwardTimeout + '}';
    }

    /** Builds {@link HttpTransportOptions}; every setter checks its argument. */
    public static final class Builder {
        private boolean enabled = true;
        private Duration longPollHold = Duration.ofSeconds(25);
        private Duration longPollLinger = Duration.ofMillis(50);
        private Duration sseHeartbeat = Duration.ofSeconds(15);
        private Duration sseAckInterval = Duration.ofSeconds(10);
        private Duration sessionTimeout = Duration.ofSeconds(30);
        private int maxBatchBytes = 64 * 1024;
        private int maxPostBytes = 4 << 20;
        private int rememberClosedSessions = 10_000;
        private Duration forwardTimeout = Duration.ofSeconds(5);

        private Builder() {
        }

        private Builder(HttpTransportOptions o) {
            enabled = o.enabled;
            longPollHold = o.longPollHold;
            longPollLinger = o.longPollLinger;
            sseHeartbeat = o.sseHeartbeat;
            sseAckInterval = o.sseAckInterval;
            sessionTimeout = o.sessionTimeout;
            maxBatchBytes = o.maxBatchBytes;
            maxPostBytes = o.maxPostBytes;
            rememberClosedSessions = o.rememberClosedSessions;
            forwardTimeout = o.forwardTimeout;
        }

        /**
         * With a cluster bus: how long the node holding a session has to take a request another node forwarded to
         * it, before the request is answered 4010 (that node is known dead) or 503 (retry). Default 5 s.
         */
        public Builder forwardTimeout(Duration d) {
            forwardTimeout = positive(d, "forwardTimeout");
            return this;
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder longPollHold(Duration d) {
            longPollHold = positive(d, "longPollHold");
            return this;
        }

        public Builder longPollLinger(Duration d) {
            Objects.requireNonNull(d, "longPollLinger");
            if (d.isNegative()) {
                throw new IllegalArgumentException("longPollLinger must not be negative, was " + d);
            }
            longPollLinger = d;
            return this;
        }

        public Builder sseHeartbeat(Duration d) {
            sseHeartbeat = positive(d, "sseHeartbeat");
            return this;
        }

        /**
         * The longest an SSE client lets a received message go unacknowledged, announced as {@code ackMs}: longer
         * means fewer acknowledgement requests and delivered messages kept longer. Default 10 s.
         */
        public Builder sseAckInterval(Duration d) {
            sseAckInterval = positive(d, "sseAckInterval");
            return this;
        }

        public Builder sessionTimeout(Duration d) {
            sessionTimeout = positive(d, "sessionTimeout");
            return this;
        }

        public Builder maxBatchBytes(int bytes) {
            maxBatchBytes = positive(bytes, "maxBatchBytes");
            return this;
        }

        public Builder maxPostBytes(int bytes) {
            maxPostBytes = positive(bytes, "maxPostBytes");
            return this;
        }

        public Builder rememberClosedSessions(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("rememberClosedSessions must be >= 0, was " + count);
            }
            rememberClosedSessions = count;
            return this;
        }

        public HttpTransportOptions build() {
            return new HttpTransportOptions(this);
        }

        private static int positive(int v, String name) {
            if (v <= 0) {
                throw new IllegalArgumentException(name + " must be > 0, was " + v);
            }
            return v;
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
