package dev.pushwire.redis;

import dev.pushwire.core.cluster.NodeBus;
import dev.pushwire.core.internal.cluster.EnvelopeBus;
import dev.pushwire.redis.internal.Keys;
import dev.pushwire.redis.internal.RedisConnections;
import dev.pushwire.redis.internal.RedisShard;
import dev.pushwire.redis.internal.bus.NodeHeartbeat;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A {@link NodeBus} on Redis: each node subscribes to its own pub/sub channel ({@code {prefix}:bus:node:{id}}) and
 * others PUBLISH to it; PUBLISH answers how many subscribers got the message, so a message to a node that is not
 * connected fails at once with {@link dev.pushwire.core.cluster.NodeUnreachableException}. Pub/sub is at most once:
 * a message is lost if the receiving node's connection drops at that moment (the session forwarding on top notices
 * a missing part and has the client ask again).
 *
 * <p>The bus runs on the first Redis of a {@link RedisOptions} (every node of a cluster must name the same one first),
 * with its node id, key prefix, timeouts and TLS/password settings. {@link #builder(RedisBroker)} shares a broker's
 * client and threads (two more connections, none more threads); {@link #builder(RedisOptions)} opens its own.
 *
 * <p>Liveness: every {@link Builder#heartbeatInterval} the node refreshes its expiry in a sorted set and reads the
 * live nodes (one Lua script, on Redis's clock); a node that stops refreshing is dead after
 * {@link Builder#nodeTimeout}. {@link #close()} leaves at once.
 *
 * <p>Threading: messages are delivered on Lettuce's thread of the subscription connection, serially. The heartbeat
 * runs on a thread of its own, so a Redis that stalls it does not stall the broker's timer. Thread-safe.
 */
public final class RedisNodeBus extends EnvelopeBus {
    private final RedisConnections connections;
    private final RedisShard shard;
    private final Keys keys;
    private final Duration heartbeatInterval;
    private final StatefulRedisConnection<byte[], byte[]> publisher;
    private final NodeHeartbeat heartbeat;
    private final ScheduledExecutorService timer;
    private StatefulRedisPubSubConnection<byte[], byte[]> subscriber;
    private volatile boolean closed;

    private RedisNodeBus(RedisConnections connections, Builder b) {
        super(NodeBus.checkNodeId(connections.options().nodeId()));
        this.connections = connections;
        this.shard = connections.shards().get(0);
        this.keys = connections.keys();
        this.heartbeatInterval = b.heartbeatInterval;
        this.publisher = shard.connect(ByteArrayCodec.INSTANCE);
        this.heartbeat = new NodeHeartbeat(publisher, keys.busNodes(), nodeId(), b.nodeTimeout.toMillis());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pushwire-bus-heartbeat-" + nodeId());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A builder for a bus that shares {@code broker}'s Redis client, threads and options (its node id and key prefix
     * included). Close both; the last one closes the shared client.
     */
    public static Builder builder(RedisBroker broker) {
        return new Builder(Objects.requireNonNull(broker, "broker")::connections, true);
    }

    /**
     * A builder for a bus with a Redis client of its own on the first URI of {@code options}, with their node id
     * ({@link NodeBus#NODE_ID}: 1-40 of A-Z a-z 0-9 _ -), key prefix and connection settings.
     */
    public static Builder builder(RedisOptions options) {
        Objects.requireNonNull(options, "options");
        RedisOptions first = options.toBuilder().uris(List.of(options.uris().get(0))).build();
        return new Builder(() -> RedisConnections.open(first), false);
    }

    @Override
    public synchronized void start(Listener listener) {
        if (closed) {
            throw new IllegalStateException("bus of node " + nodeId() + " is closed");
        }
        listen(listener);
        subscriber = shard.connectPubSub(ByteArrayCodec.INSTANCE);
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] channel, byte[] message) {
                deliver(message);
            }
        });
        subscriber.sync().subscribe(channel(nodeId()));
        heartbeat.beat();
        timer.scheduleWithFixedDelay(heartbeat::beat, heartbeatInterval.toMillis(), heartbeatInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    protected CompletableFuture<Boolean> publish(String node, byte[] envelope) {
        if (closed) {
            return CompletableFuture.completedFuture(false);
        }
        return publisher.async().publish(channel(node), envelope).toCompletableFuture().thenApply(n -> n > 0);
    }

    @Override
    public Liveness liveness(String node) {
        return closed ? (node.equals(nodeId()) ? Liveness.DEAD : Liveness.UNKNOWN) : heartbeat.liveness(node);
    }

    @Override
    public Set<String> aliveNodes() {
        return heartbeat.alive();
    }

    @Override
    public void close() {
        end(true);
    }

    /** Ends as a crash would: no leave, so other nodes see this node dead only when its presence expires. */
    void abandon() {
        end(false);
    }

    private synchronized void end(boolean leave) {
        if (closed) {
            return;
        }
        timer.shutdownNow();
        if (leave && subscriber != null) {
            heartbeat.leave();
        }
        closed = true;
        failPending("the bus of node " + nodeId() + " is closed");
        if (subscriber != null) {
            subscriber.close();
        }
        try {
            publisher.close();
        } finally {
            connections.release();
        }
    }

    private byte[] channel(String node) {
        return keys.busNode(node).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RedisNodeBus[" + nodeId() + "]";
    }

    /** Settings of a {@link RedisNodeBus}; every setter checks its argument. */
    public static final class Builder {
        private final Supplier<RedisConnections> connections;
        private final boolean shared;
        private Duration heartbeatInterval = Duration.ofSeconds(1);
        private Duration nodeTimeout = Duration.ofSeconds(5);

        private Builder(Supplier<RedisConnections> connections, boolean shared) {
            this.connections = connections;
            this.shared = shared;
        }

        /** How often the node refreshes its presence and reads the others'; default 1 s. */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = positive(interval, "heartbeatInterval");
            return this;
        }

        /** How long a node that stopped refreshing counts as alive; default 5 s (several heartbeats). */
        public Builder nodeTimeout(Duration timeout) {
            this.nodeTimeout = positive(timeout, "nodeTimeout");
            return this;
        }

        /**
         * Connects (the subscription starts with {@link RedisNodeBus#start}).
         *
         * @throws dev.pushwire.core.hub.BrokerUnavailableException if Redis cannot be reached
         * @throws IllegalArgumentException if the node id is not a bus node id
         */
        public RedisNodeBus build() {
            if (nodeTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("nodeTimeout (" + nodeTimeout + ") must be at least twice "
                        + "heartbeatInterval (" + heartbeatInterval + "), or live nodes would be seen dead");
            }
            RedisConnections c = shared ? connections.get().retain() : connections.get();
            try {
                return new RedisNodeBus(c, this);
            } catch (RuntimeException e) {
                c.release();
                throw e;
            }
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
