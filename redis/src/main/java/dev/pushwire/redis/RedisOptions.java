package dev.pushwire.redis;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where and how {@link RedisBroker} and {@link RedisPresenceStore} reach Redis. Immutable; build with
 * {@link #builder()} or {@link #parse(String)}, change with {@link #toBuilder()}.
 *
 * <p>Several addresses are shards: each channel lives on one of them, chosen by consistent hashing of its name (a ring
 * with virtual nodes), so every node that lists the same addresses picks the same shard for a channel. Standalone
 * Redis servers only (not Redis Cluster). A password and TLS come with each URI: {@code redis://:password@host:6379},
 * {@code rediss://host:6380} (TLS), {@code redis://host:6379/2} (database 2).
 *
 * <table>
 *   <caption>defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code commandTimeout}</td><td>2 s</td><td>a command not answered within it fails with
 *       {@link dev.pushwire.core.hub.BrokerUnavailableException} (a paused or overloaded Redis)</td></tr>
 *   <tr><td>{@code connectTimeout}</td><td>2 s</td><td>for each (re)connect attempt</td></tr>
 *   <tr><td>{@code keyPrefix}</td><td>{@code pushwire}</td><td>every key and pub/sub channel starts with it and a
 *       colon, so several applications can share a Redis</td></tr>
 *   <tr><td>{@code presenceTtl}</td><td>25 s</td><td>a presence entry its node stops refreshing (the node died)
 *       vanishes after this long; nodes refresh theirs every third of it</td></tr>
 *   <tr><td>{@code idleCheckInterval}</td><td>5 s</td><td>how often a node compares each subscribed channel that had
 *       no traffic with its top offset in Redis, to find a publication pub/sub lost</td></tr>
 *   <tr><td>{@code streamMetaTtl}</td><td>1 h</td><td>how long a channel's epoch and top offset outlive its last
 *       publication (or last subscriber check); at least the history TTL</td></tr>
 *   <tr><td>{@code idempotencyTtl}</td><td>5 min</td><td>how long an idempotency key is remembered</td></tr>
 *   <tr><td>{@code maxRecoveredPublications}</td><td>10,000</td><td>a gap a node reads back from a stream at most;
 *       a longer one is reported unrecoverable</td></tr>
 *   <tr><td>{@code nodeId}</td><td>random, 8 hex digits</td><td>names this node in logs</td></tr>
 * </table>
 */
public final class RedisOptions {
    private final List<RedisURI> uris;
    private final Duration commandTimeout;
    private final Duration connectTimeout;
    private final String keyPrefix;
    private final Duration presenceTtl;
    private final Duration idleCheckInterval;
    private final Duration streamMetaTtl;
    private final Duration idempotencyTtl;
    private final int maxRecoveredPublications;
    private final String nodeId;

    private RedisOptions(Builder b) {
        this.uris = List.copyOf(b.uris);
        this.commandTimeout = b.commandTimeout;
        this.connectTimeout = b.connectTimeout;
        this.keyPrefix = b.keyPrefix;
        this.presenceTtl = b.presenceTtl;
        this.idleCheckInterval = b.idleCheckInterval;
        this.streamMetaTtl = b.streamMetaTtl;
        this.idempotencyTtl = b.idempotencyTtl;
        this.maxRecoveredPublications = b.maxRecoveredPublications;
        this.nodeId = b.nodeId != null ? b.nodeId : randomNodeId();
    }

    /** A builder with no address yet and the defaults above. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Options for a comma-separated list of Redis URIs (one per shard), e.g.
     * {@code redis://10.0.0.1:6379,rediss://:secret@10.0.0.2:6380}, with every other setting at its default.
     *
     * @throws IllegalArgumentException saying which part is not a {@code redis://} or {@code rediss://} URI
     */
    public static RedisOptions parse(String uris) {
        return builder().uris(uris).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The shards' addresses, in the order given (the ring does not depend on it). */
    public List<RedisURI> uris() {
        return uris;
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    public Duration presenceTtl() {
        return presenceTtl;
    }

    public Duration idleCheckInterval() {
        return idleCheckInterval;
    }

    public Duration streamMetaTtl() {
        return streamMetaTtl;
    }

    public Duration idempotencyTtl() {
        return idempotencyTtl;
    }

    public int maxRecoveredPublications() {
        return maxRecoveredPublications;
    }

    public String nodeId() {
        return nodeId;
    }

    /** The shards as {@code host:port} (no password), for logs. */
    public String describe() {
        List<String> out = new ArrayList<>();
        for (RedisURI u : uris) {
            out.add((u.isSsl() ? "rediss://" : "redis://") + u.getHost() + ":" + u.getPort()
                    + (u.getDatabase() != 0 ? "/" + u.getDatabase() : ""));
        }
        return String.join(",", out);
    }

    @Override
    public String toString() {
        return "RedisOptions{" + describe() + ", commandTimeout=" + commandTimeout + ", keyPrefix=" + keyPrefix
                + ", presenceTtl=" + presenceTtl + ", idleCheckInterval=" + idleCheckInterval + ", nodeId=" + nodeId
                + '}';
    }

    /** A random short node id: 8 hex digits. */
    public static String randomNodeId() {
        return String.format(Locale.ROOT, "%08x", ThreadLocalRandom.current().nextInt());
    }

    /** Builds {@link RedisOptions}; every setter checks its argument and says what was wrong. */
    public static final class Builder {
        private List<RedisURI> uris = List.of();
        private Duration commandTimeout = Duration.ofSeconds(2);
        private Duration connectTimeout = Duration.ofSeconds(2);
        private String keyPrefix = "pushwire";
        private Duration presenceTtl = Duration.ofSeconds(25);
        private Duration idleCheckInterval = Duration.ofSeconds(5);
        private Duration streamMetaTtl = Duration.ofHours(1);
        private Duration idempotencyTtl = Duration.ofMinutes(5);
        private int maxRecoveredPublications = 10_000;
        private String nodeId;

        private Builder() {
        }

        private Builder(RedisOptions o) {
            uris = o.uris;
            commandTimeout = o.commandTimeout;
            connectTimeout = o.connectTimeout;
            keyPrefix = o.keyPrefix;
            presenceTtl = o.presenceTtl;
            idleCheckInterval = o.idleCheckInterval;
            streamMetaTtl = o.streamMetaTtl;
            idempotencyTtl = o.idempotencyTtl;
            maxRecoveredPublications = o.maxRecoveredPublications;
            nodeId = o.nodeId;
        }

        /** The shards, as a comma-separated list of {@code redis://} / {@code rediss://} URIs. */
        public Builder uris(String commaSeparated) {
            Objects.requireNonNull(commaSeparated, "uris");
            List<RedisURI> parsed = new ArrayList<>();
            for (String part : commaSeparated.split(",")) {
                String u = part.trim();
                if (u.isEmpty()) {
                    continue;
                }
                if (!u.startsWith("redis://") && !u.startsWith("rediss://")) {
                    throw new IllegalArgumentException("not a Redis URI: \"" + u + "\"; write redis://host:6379,"
                            + " rediss://host:6380 (TLS) or redis://:password@host:6379, comma-separated for shards");
                }
                try {
                    parsed.add(RedisURI.create(u));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("not a Redis URI: \"" + u + "\": " + e.getMessage(), e);
                }
            }
            return uris(parsed);
        }

        /** The shards. */
        public Builder uris(List<RedisURI> uris) {
            if (uris.isEmpty()) {
                throw new IllegalArgumentException("at least one Redis URI is needed, e.g. redis://127.0.0.1:6379");
            }
            this.uris = List.copyOf(uris);
            return this;
        }

        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = positive(timeout, "commandTimeout");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** The prefix of every key: letters, digits, {@code _ - . :} only. */
        public Builder keyPrefix(String prefix) {
            if (!Objects.requireNonNull(prefix, "keyPrefix").matches("[A-Za-z0-9_.:-]{1,64}")) {
                throw new IllegalArgumentException("keyPrefix must be 1-64 of A-Z a-z 0-9 _ . : -, was \"" + prefix
                        + "\"");
            }
            this.keyPrefix = prefix;
            return this;
        }

        /** At least 1 s. */
        public Builder presenceTtl(Duration ttl) {
            positive(ttl, "presenceTtl");
            if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("presenceTtl must be at least 1s, was " + ttl);
            }
            this.presenceTtl = ttl;
            return this;
        }

        public Builder idleCheckInterval(Duration interval) {
            this.idleCheckInterval = positive(interval, "idleCheckInterval");
            return this;
        }

        public Builder streamMetaTtl(Duration ttl) {
            this.streamMetaTtl = positive(ttl, "streamMetaTtl");
            return this;
        }

        public Builder idempotencyTtl(Duration ttl) {
            this.idempotencyTtl = positive(ttl, "idempotencyTtl");
            return this;
        }

        public Builder maxRecoveredPublications(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxRecoveredPublications must be > 0, was " + max);
            }
            this.maxRecoveredPublications = max;
            return this;
        }

        /** 1-64 characters, no spaces. */
        public Builder nodeId(String nodeId) {
            if (!Objects.requireNonNull(nodeId, "nodeId").matches("[^\\s]{1,64}")) {
                throw new IllegalArgumentException("nodeId must be 1-64 characters without spaces, was \"" + nodeId
                        + "\"");
            }
            this.nodeId = nodeId;
            return this;
        }

        /** @throws IllegalStateException if no URI was given */
        public RedisOptions build() {
            if (uris.isEmpty()) {
                throw new IllegalStateException("no Redis URI: call uris(\"redis://127.0.0.1:6379\")");
            }
            return new RedisOptions(this);
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
