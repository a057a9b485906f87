package dev.pushwire.redis.internal;

import dev.pushwire.redis.RedisOptions;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a node holds open to Redis, shared by its broker and presence store: per shard one command connection and one
 * pub/sub connection (so a node opens 2 × shards connections whatever its load), Lettuce's threads (2 I/O, 2
 * computation), the ring that maps channels to shards, the key names, and one timer thread. Reference counted: the
 * last {@link #release()} closes it.
 *
 * <p>Thread safe.
 */
public final class RedisConnections {
    private final RedisOptions options;
    private final ClientResources resources;
    private final List<RedisShard> shards;
    private final ShardRing ring;
    private final Keys keys;
    private final ScheduledExecutorService timer;
    private final AtomicInteger references = new AtomicInteger(1);

    private RedisConnections(RedisOptions options) {
        this.options = options;
        this.keys = new Keys(options.keyPrefix());
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                // back soon after a restart: 20 ms, doubling, at most 1 s between attempts
                .reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofSeconds(1), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        ClientOptions clientOptions = ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(options.connectTimeout()).keepAlive(true)
                        .tcpNoDelay(true).build())
                .build();
        List<RedisShard> opened = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try {
            for (RedisURI uri : options.uris()) {
                RedisURI u = RedisURI.builder(uri).withTimeout(options.commandTimeout()).build();
                RedisClient client = RedisClient.create(resources, u);
                client.setOptions(clientOptions);
                RedisShard shard = new RedisShard(opened.size(), u, client, options.commandTimeout());
                opened.add(shard);
                names.add(shard.name());
            }
        } catch (RuntimeException e) {
            opened.forEach(RedisShard::close);
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
        this.shards = List.copyOf(opened);
        this.ring = new ShardRing(names);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pushwire-redis-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects to every shard.
     *
     * @throws dev.pushwire.core.hub.BrokerUnavailableException if one cannot be reached
     */
    public static RedisConnections open(RedisOptions options) {
        return new RedisConnections(options);
    }

    /** One more user; each calls {@link #release()} once. */
    public RedisConnections retain() {
        if (references.getAndIncrement() <= 0) {
            references.decrementAndGet();
            throw new IllegalStateException("these Redis connections are closed");
        }
        return this;
    }

    /** One user less; the last one closes the connections and threads. */
    public void release() {
        if (references.decrementAndGet() == 0) {
            timer.shutdownNow();
            try {
                shards.forEach(RedisShard::close);
            } finally {
                resources.shutdown(0, 2, TimeUnit.SECONDS);
            }
        }
    }

    public RedisOptions options() {
        return options;
    }

    public Keys keys() {
        return keys;
    }

    public ScheduledExecutorService timer() {
        return timer;
    }

    public List<RedisShard> shards() {
        return shards;
    }

    /** The shard that holds {@code channel}. */
    public RedisShard shardOf(String channel) {
        return shards.get(ring.shardOf(channel));
    }

    /** Whether every shard is connected and answering. */
    public boolean isAvailable() {
        for (RedisShard s : shards) {
            if (!s.isAvailable()) {
                return false;
            }
        }
        return true;
    }
}
