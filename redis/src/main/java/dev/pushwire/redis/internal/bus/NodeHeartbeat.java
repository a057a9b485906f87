package dev.pushwire.redis.internal.bus;

import dev.pushwire.core.cluster.NodeBus;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's presence on the bus: every beat, one script refreshes this node's expiry in a sorted set (score = expiry
 * on Redis's clock, so node clocks do not matter), drops expired nodes and returns the live ones. The last answer is
 * this node's view of who is alive. Thread-safe; {@link #beat} is called by one timer thread.
 *
 * <pre>
 * key {prefix}:bus:nodes   sorted set: member = node id, score = expiry (ms, Redis TIME)
 * </pre>
 */
public final class NodeHeartbeat {
    private static final Logger log = LoggerFactory.getLogger(NodeHeartbeat.class);
    private static final String BEAT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            return redis.call('ZRANGE', KEYS[1], 0, -1)
            """;

    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final byte[] key;
    private final String self;
    private final long timeoutMillis;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private volatile Set<String> alive = Set.of();
    private volatile long viewAt;

    /** @param key the sorted set of live nodes ({@code Keys.busNodes()}) */
    public NodeHeartbeat(StatefulRedisConnection<byte[], byte[]> connection, String key, String self,
                         long timeoutMillis) {
        this.connection = connection;
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.self = self;
        this.timeoutMillis = timeoutMillis;
    }

    /** Refreshes this node's presence and the view; waits at most the node timeout. */
    public void beat() {
        try {
            List<byte[]> nodes = connection.async().<List<byte[]>>eval(BEAT.getBytes(StandardCharsets.UTF_8),
                    ScriptOutputType.MULTI, new byte[][] {key}, self.getBytes(StandardCharsets.UTF_8),
                    Long.toString(timeoutMillis).getBytes(StandardCharsets.UTF_8))
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
            Set<String> now = new HashSet<>();
            for (byte[] n : nodes) {
                now.add(new String(n, StandardCharsets.UTF_8));
            }
            seen.addAll(now);
            alive = Set.copyOf(now);
            viewAt = System.nanoTime();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();  // the bus is closing
        } catch (Exception e) {
            log.warn("bus of node {}: presence refresh failed ({}); other nodes may see it dead after {} ms",
                    self, e.toString(), timeoutMillis);
        }
    }

    /** Removes this node at once (a clean leave). */
    public void leave() {
        try {
            connection.async().zrem(key, self.getBytes(StandardCharsets.UTF_8)).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.debug("bus of node {}: leave failed; its presence expires in {} ms", self, timeoutMillis, e);
        }
    }

    /** What the last view says of {@code node}; a view older than the node timeout knows nothing. */
    public NodeBus.Liveness liveness(String node) {
        if (node.equals(self)) {
            return NodeBus.Liveness.ALIVE;
        }
        if (System.nanoTime() - viewAt > TimeUnit.MILLISECONDS.toNanos(timeoutMillis)) {
            return NodeBus.Liveness.UNKNOWN;
        }
        if (alive.contains(node)) {
            return NodeBus.Liveness.ALIVE;
        }
        return seen.contains(node) ? NodeBus.Liveness.DEAD : NodeBus.Liveness.UNKNOWN;
    }

    /** The nodes alive in the last view (empty when it is older than the node timeout). */
    public Set<String> alive() {
        return System.nanoTime() - viewAt > TimeUnit.MILLISECONDS.toNanos(timeoutMillis) ? Set.of(self) : alive;
    }
}
