package dev.pushwire.redis;

import dev.pushwire.core.cluster.NodeBus;
import dev.pushwire.core.internal.cluster.EnvelopeBus;
import dev.pushwire.redis.internal.bus.NodeHeartbeat;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A {@link NodeBus} on Redis: each node subscribes to its own pub/sub channel ({@code {prefix}bus:node:{id}}) and
 * others PUBLISH to it; PUBLISH answers how many subscribers got the message, so a message to a node that is not
 * connected fails at once with {@link dev.pushwire.core.cluster.NodeUnreachableException}. Pub/sub is at most once:
 * a message is lost if the receiving node's connection drops at that moment (the session forwarding on top notices
 * a missing part and has the client ask again).
 *
 * <p>Liveness: every {@link Builder#heartbeatInterval} the node refreshes its expiry in a sorted set and reads the
 * live nodes (one Lua script, on Redis's clock); a node that stops refreshing is dead after
 * {@link Builder#nodeTimeout}. {@link #close()} leaves at once.
 *
 * <p>Threading: messages are delivered on Lettuce's thread of the subscription connection, serially. Thread-safe.
 * Connection settings are its own for now ({@link Builder}); TLS and passwords go through the URI
 * ({@code rediss://}, {@code redis://:password@host}).
 */
public final class RedisNodeBus extends EnvelopeBus {
    private final RedisClient client;
    private final String prefix;
    private final Duration heartbeatInterval;
    private final StatefulRedisConnection<byte[], byte[]> publisher;
    private final NodeHeartbeat heartbeat;
    private final ScheduledExecutorService timer;
    private StatefulRedisPubSubConnection<byte[], byte[]> subscriber;
    private volatile boolean closed;

    private RedisNodeBus(Builder b) {
        super(b.nodeId);
        this.prefix = b.keyPrefix;
        this.heartbeatInterval = b.heartbeatInterval;
        this.client = RedisClient.create(RedisURI.create(b.uri));
        this.publisher = client.connect(ByteArrayCodec.INSTANCE);
        this.heartbeat = new NodeHeartbeat(publisher, prefix, nodeId(), b.nodeTimeout.toMillis());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pushwire-bus-heartbeat-" + nodeId());
            t.setDaemon(true);
            return t;
        });
    }

    /** A builder for a bus on the Redis at {@code uri} (e.g. {@code redis://127.0.0.1:6379}). */
    public static Builder builder(String uri) {
        return new Builder(uri);
    }

    @Override
    public synchronized void start(Listener listener) {
        if (closed) {
            throw new IllegalStateException("bus of node " + nodeId() + " is closed");
        }
        listen(listener);
        subscriber = client.connectPubSub(ByteArrayCodec.INSTANCE);
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
        publisher.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    private byte[] channel(String node) {
        return (prefix + "bus:node:" + node).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RedisNodeBus[" + nodeId() + "]";
    }

    /** Settings of a {@link RedisNodeBus}; every setter checks its argument. */
    public static final class Builder {
        private final String uri;
        private String nodeId = NodeBus.randomNodeId();
        private String keyPrefix = "pushwire:";
        private Duration heartbeatInterval = Duration.ofSeconds(1);
        private Duration nodeTimeout = Duration.ofSeconds(5);

        private Builder(String uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
            RedisURI.create(uri);  // fails now on a malformed URI
        }

        /** This node's id (see {@link NodeBus#NODE_ID}); default random. */
        public Builder nodeId(String id) {
            this.nodeId = NodeBus.checkNodeId(id);
            return this;
        }

        /** Prefix of every key and channel; default {@code pushwire:}. */
        public Builder keyPrefix(String prefix) {
            this.keyPrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
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

        /** Connects (the subscription starts with {@link RedisNodeBus#start}). */
        public RedisNodeBus build() {
            if (nodeTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("nodeTimeout (" + nodeTimeout + ") must be at least twice "
                        + "heartbeatInterval (" + heartbeatInterval + "), or live nodes would be seen dead");
            }
            return new RedisNodeBus(this);
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
