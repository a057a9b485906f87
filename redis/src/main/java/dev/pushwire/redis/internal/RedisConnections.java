package dev.pushwire.redis.internal;

import dev.pushwire.redis.RedisOptions;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.event.Event;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;

/**
 * What a node holds open to Redis, shared by its broker and presence store: per shard one command connection and one
 * pub/sub connection (so a node opens 2 × shards connections whatever its load), Lettuce's threads (2 I/O, 2
 * computation), the ring that maps channels to shards, the key names, and one timer thread. Reference counted: the
 * last {@link #release()} closes it.
 *
 * <p>Thread safe.
 */
public final class RedisConnections {
    /** How long Lettuce's I/O threads must see no new task before they stop. */
    private static final Duration IO_QUIET_PERIOD = Duration.ofMillis(50);

    private final RedisOptions options;
    private final ClientResources resources;
    private final List<RedisShard> shards;
    private final ShardRing ring;
    private final Keys keys;
    private final ScheduledExecutorService timer;
    private final AtomicInteger references = new AtomicInteger(1);
    /** Set by the last {@link #release()}: done when Lettuce's threads have stopped. */
    private volatile Future<Boolean> shutdown;

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
            stopLettuce(resources, opened);
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
                shutdown = stopLettuce(resources, shards);
            }
        }
    }

    /**
     * Stops Lettuce's threads once every connection is closed. A reconnect attempt runs on a computation thread and
     * registers a channel on an I/O thread; one that began before its connection closed would otherwise register
     * after the I/O threads closed their channels, and that channel's read buffer would never be released. So: first
     * wait until each computation thread has finished what it was running (an attempt in flight has then handed its
     * channel to an I/O thread); then end the clients, the last of which stops the I/O threads, with a quiet period
     * so that they close a channel registered meanwhile; then the computation threads, which the I/O threads may
     * have told of a failed attempt until they stopped.
     */
    private static Future<Boolean> stopLettuce(ClientResources resources, List<RedisShard> shards) {
        List<io.netty.util.concurrent.Future<?>> turns = new ArrayList<>();
        for (EventExecutor computation : resources.eventExecutorGroup()) {
            turns.add(computation.submit(() -> { }));
        }
        turns.forEach(t -> t.awaitUninterruptibly(2, TimeUnit.SECONDS));
        Future<Boolean> stopped;
        try {
            shards.forEach(s -> s.shutdown(IO_QUIET_PERIOD));
        } finally {
            stopped = resources.shutdown(IO_QUIET_PERIOD.toMillis(), 2_000, TimeUnit.MILLISECONDS);
        }
        return stopped;
    }

    /** Whether the last user released these connections and Lettuce's threads have stopped. */
    boolean isTerminated() {
        Future<Boolean> f = shutdown;
        return f != null && f.isDone();
    }

    /** Lettuce's own events (connects, drops, reconnect attempts), for tests. */
    Flux<Event> lettuceEvents() {
        return resources.eventBus().get();
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
