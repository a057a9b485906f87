package dev.pushwire.server;

import dev.pushwire.server.internal.security.ClientAddress;
import java.util.List;
import java.util.Objects;

/**
 * Limits that keep one client from taking what every client shares: connection slots, an event loop's time, HTTP
 * sessions. Each has a safe default, a setting here, a close code or HTTP status, and a meter (docs/security.md lists
 * them all). Immutable; {@link #builder()} starts from {@link #DEFAULT}, {@link #toBuilder()} from this.
 *
 * <table>
 *   <caption>limits and what happens past them</caption>
 *   <tr><th>limit</th><th>default</th><th>past it</th></tr>
 *   <tr><td>{@link #maxConnectionsPerIp()}: open WebSockets and HTTP sessions per client address</td><td>1,000</td>
 *       <td>429 {@code too_many_connections_from_address} with {@code Retry-After}</td></tr>
 *   <tr><td>{@link #messagesPerSecond()} / {@link #messageBurst()}: messages one connection may send (a token
 *       bucket)</td><td>1,000 a second, bursts of 10,000</td><td>the connection is closed with 4008 (rate limited);
 *       the message past the limit and any after it reach no listener</td></tr>
 *   <tr><td>{@link #httpSessionsPerIpPerMinute()}: HTTP sessions a client address may open</td><td>300 a minute</td>
 *       <td>429 {@code too_many_sessions} with {@code Retry-After}</td></tr>
 *   <tr><td>{@link #maxHttpSessions()}: HTTP sessions open at once (they also count against
 *       {@code maxConnections})</td><td>half of {@code maxConnections}, so sessions never take the WebSockets'
 *       half</td><td>503 {@code too_many_sessions} with {@code Retry-After}</td></tr>
 * </table>
 *
 * <p>The client address is the TCP peer's, unless the peer is one of {@link #trustedProxies()}: then it is the
 * right-most address in {@code X-Forwarded-For} that is not itself a trusted proxy (and {@code X-Forwarded-Proto} and
 * {@code X-Forwarded-Host} stand for the scheme and host in the origin check). A header from any other peer is
 * ignored, since a client can write whatever it likes there.
 */
public final class AbuseLimits {
    /** The defaults in the table above, with no trusted proxy. */
    public static final AbuseLimits DEFAULT = new Builder().build();
    /**
     * No limit at all (for benchmarks and load generators on one address): HTTP sessions are bounded by
     * {@code maxConnections} alone. Not for a server on a network.
     */
    public static final AbuseLimits UNLIMITED = new Builder().maxConnectionsPerIp(0).messagesPerSecond(0, 1)
            .httpSessionsPerIpPerMinute(0).maxHttpSessions(Integer.MAX_VALUE).build();

    private final int maxConnectionsPerIp;
    private final double messagesPerSecond;
    private final int messageBurst;
    private final int httpSessionsPerIpPerMinute;
    private final int maxHttpSessions;
    private final List<String> trustedProxies;

    private AbuseLimits(Builder b) {
        maxConnectionsPerIp = b.maxConnectionsPerIp;
        messagesPerSecond = b.messagesPerSecond;
        messageBurst = b.messageBurst;
        httpSessionsPerIpPerMinute = b.httpSessionsPerIpPerMinute;
        maxHttpSessions = b.maxHttpSessions;
        trustedProxies = b.trustedProxies;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Open connections (WebSockets and HTTP sessions) per client address; 0: no limit. */
    public int maxConnectionsPerIp() {
        return maxConnectionsPerIp;
    }

    /** Messages a second one connection may send, sustained; 0: no limit. */
    public double messagesPerSecond() {
        return messagesPerSecond;
    }

    /** Messages one connection may send at once after a quiet spell (the bucket's size). */
    public int messageBurst() {
        return messageBurst;
    }

    /** HTTP sessions one client address may open per minute; 0: no limit. */
    public int httpSessionsPerIpPerMinute() {
        return httpSessionsPerIpPerMinute;
    }

    /** HTTP sessions open at once; 0: half of {@code maxConnections} (at least 1). */
    public int maxHttpSessions() {
        return maxHttpSessions;
    }

    /** Addresses or CIDR blocks ({@code 10.0.0.0/8}, {@code ::1}) whose {@code X-Forwarded-*} headers are believed. */
    public List<String> trustedProxies() {
        return trustedProxies;
    }

    @Override
    public String toString() {
        return "AbuseLimits{maxConnectionsPerIp=" + maxConnectionsPerIp + ", messagesPerSecond=" + messagesPerSecond
                + ", messageBurst=" + messageBurst + ", httpSessionsPerIpPerMinute=" + httpSessionsPerIpPerMinute
                + ", maxHttpSessions=" + maxHttpSessions + ", trustedProxies=" + trustedProxies + '}';
    }

    /** Builds {@link AbuseLimits}; every setter checks its argument. Not thread safe. */
    public static final class Builder {
        private int maxConnectionsPerIp = 1000;
        private double messagesPerSecond = 1000;
        private int messageBurst = 10_000;
        private int httpSessionsPerIpPerMinute = 300;
        private int maxHttpSessions;
        private List<String> trustedProxies = List.of();

        private Builder() {
        }

        private Builder(AbuseLimits l) {
            maxConnectionsPerIp = l.maxConnectionsPerIp;
            messagesPerSecond = l.messagesPerSecond;
            messageBurst = l.messageBurst;
            httpSessionsPerIpPerMinute = l.httpSessionsPerIpPerMinute;
            maxHttpSessions = l.maxHttpSessions;
            trustedProxies = l.trustedProxies;
        }

        /** Open connections per client address; 0 turns the limit off. Default 1,000. */
        public Builder maxConnectionsPerIp(int max) {
            maxConnectionsPerIp = notNegative(max, "maxConnectionsPerIp");
            return this;
        }

        /**
         * Messages per second per connection, with bursts of {@code burst}; past it the connection is closed with
         * 4008. {@code perSecond} 0 turns the limit off. Default 1,000 and 10,000.
         */
        public Builder messagesPerSecond(double perSecond, int burst) {
            if (perSecond < 0 || Double.isNaN(perSecond) || burst < 1) {
                throw new IllegalArgumentException("messagesPerSecond must be >= 0 and burst >= 1, was " + perSecond
                        + " and " + burst);
            }
            messagesPerSecond = perSecond;
            messageBurst = burst;
            return this;
        }

        /** HTTP sessions a client address may open per minute; 0 turns the limit off. Default 300. */
        public Builder httpSessionsPerIpPerMinute(int max) {
            httpSessionsPerIpPerMinute = notNegative(max, "httpSessionsPerIpPerMinute");
            return this;
        }

        /** HTTP sessions open at once; 0 (the default) is half of {@code maxConnections}. */
        public Builder maxHttpSessions(int max) {
            maxHttpSessions = notNegative(max, "maxHttpSessions");
            return this;
        }

        /**
         * Proxies whose {@code X-Forwarded-For}, {@code -Proto} and {@code -Host} are believed: addresses or CIDR
         * blocks. Default none.
         *
         * @throws IllegalArgumentException for an entry that is not an address or block
         */
        public Builder trustedProxies(List<String> proxies) {
            List<String> copy = List.copyOf(Objects.requireNonNull(proxies, "proxies"));
            ClientAddress.parse(copy); // validates
            trustedProxies = copy;
            return this;
        }

        public AbuseLimits build() {
            return new AbuseLimits(this);
        }

        private static int notNegative(int n, String name) {
            if (n < 0) {
                throw new IllegalArgumentException(name + " must be >= 0 (0: no limit), was " + n);
            }
            return n;
        }
    }
}
