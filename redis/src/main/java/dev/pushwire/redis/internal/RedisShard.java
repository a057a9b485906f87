package dev.pushwire.redis.internal;

import dev.pushwire.core.hub.BrokerUnavailableException;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis server of the ring: a command connection (pipelined, shared by every caller of this node) and a pub/sub
 * connection, both reconnected by Lettuce on their own. Commands fail at once while disconnected and after the
 * command timeout while Redis does not answer; both come out as {@link BrokerUnavailableException}.
 *
 * <p>Thread safe: Lettuce connections are; {@link #stalled} is volatile; listeners are a copy-on-write list.
 */
public final class RedisShard {
    private static final Logger log = LoggerFactory.getLogger(RedisShard.class);

    private final int index;
    private final String name;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisPubSubConnection<String, String> pubSub;
    private final Duration commandTimeout;
    /** Set when a command timed out, cleared when one succeeds: Redis is connected but not answering. */
    private volatile boolean stalled;
    /** Set by {@link #close()}: a drop is then ours, not news. */
    private volatile boolean closing;
    /** Told when the pub/sub connection came back after a drop (on a Lettuce thread). */
    private final CopyOnWriteArrayList<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();

    RedisShard(int index, RedisURI uri, RedisClient client, Duration commandTimeout) {
        this.index = index;
        this.name = uri.getHost() + ":" + uri.getPort() + (uri.getDatabase() != 0 ? "/" + uri.getDatabase() : "");
        this.client = client;
        this.commandTimeout = commandTimeout;
        try {
            this.commands = client.connect();
            this.pubSub = client.connectPubSub();
        } catch (RedisException e) {
            client.shutdown();
            throw new BrokerUnavailableException("cannot connect to Redis at " + name + ": " + rootMessage(e), e);
        }
        pubSub.addListener(new RedisConnectionStateListener() {
            private volatile boolean dropped;

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (closing) {
                    return;
                }
                dropped = true;
                log.warn("Redis pub/sub connection to {} lost; reconnecting", name);
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                if (dropped) {
                    dropped = false;
                    log.info("Redis pub/sub connection to {} is back", name);
                    for (Runnable r : reconnectListeners) {
                        r.run();
                    }
                }
            }
        });
    }

    /** The shard's number in the ring. */
    public int index() {
        return index;
    }

    /** {@code host:port[/db]}, for logs and messages. */
    public String name() {
        return name;
    }

    public RedisAsyncCommands<String, String> async() {
        return commands.async();
    }

    public StatefulRedisPubSubConnection<String, String> pubSub() {
        return pubSub;
    }

    /**
     * A connection of the caller's own on this shard's client (its threads, timeouts and reconnect settings), e.g. with
     * a binary codec; the caller closes it.
     *
     * @throws BrokerUnavailableException if Redis cannot be reached
     */
    public <K, V> StatefulRedisConnection<K, V> connect(RedisCodec<K, V> codec) {
        try {
            return client.connect(codec);
        } catch (RedisException e) {
            throw new BrokerUnavailableException("cannot connect to Redis at " + name + ": " + rootMessage(e), e);
        }
    }

    /** A pub/sub connection of the caller's own on this shard's client; see {@link #connect(RedisCodec)}. */
    public <K, V> StatefulRedisPubSubConnection<K, V> connectPubSub(RedisCodec<K, V> codec) {
        try {
            return client.connectPubSub(codec);
        } catch (RedisException e) {
            throw new BrokerUnavailableException("cannot connect to Redis at " + name + ": " + rootMessage(e), e);
        }
    }

    /** Runs {@code r} after every reconnect of the pub/sub connection. */
    public void onReconnect(Runnable r) {
        reconnectListeners.add(r);
    }

    /** Whether both connections are up and the last command did not time out. */
    public boolean isAvailable() {
        return commands.isOpen() && pubSub.isOpen() && !stalled;
    }

    /**
     * Runs a command through {@code call}, mapping an unreachable or silent Redis to
     * {@link BrokerUnavailableException} and noting whether Redis answers.
     */
    public <T> CompletableFuture<T> run(Function<RedisAsyncCommands<String, String>, CompletableFuture<T>> call) {
        CompletableFuture<T> out = new CompletableFuture<>();
        CompletableFuture<T> f;
        try {
            f = call.apply(commands.async());
        } catch (RuntimeException e) {
            out.completeExceptionally(translate(e));
            return out;
        }
        f.whenComplete((v, e) -> {
            if (e == null) {
                stalled = false;
                out.complete(v);
            } else {
                out.completeExceptionally(translate(e));
            }
        });
        return out;
    }

    /** Runs a Lua script by its SHA-1, loading it (EVAL) when Redis does not have it (NOSCRIPT, e.g. restarted). */
    public <T> CompletableFuture<T> script(LuaScript script, ScriptOutputType type, String[] keys, String... args) {
        return run(c -> c.<T>evalsha(script.sha(), type, keys, args).toCompletableFuture())
                .exceptionallyCompose(e -> {
                    Throwable cause = unwrap(e);
                    if (cause instanceof RedisNoScriptException
                            || (cause.getMessage() != null && cause.getMessage().startsWith("NOSCRIPT"))) {
                        return run(c -> c.<T>eval(script.text(), type, keys, args).toCompletableFuture());
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    /** Maps Lettuce's connection failures to {@link BrokerUnavailableException}; others stay as they are. */
    Throwable translate(Throwable e) {
        Throwable cause = unwrap(e);
        if (cause instanceof RedisCommandTimeoutException) {
            stalled = true;
            return new BrokerUnavailableException("Redis at " + name + " did not answer within "
                    + commandTimeout.toMillis() + " ms", cause);
        }
        if (cause instanceof RedisConnectionException || (cause instanceof RedisException
                && cause.getMessage() != null && (cause.getMessage().contains("not connected")
                || cause.getMessage().contains("Connection closed")))) {
            return new BrokerUnavailableException("Redis at " + name + " is unreachable (" + cause.getMessage()
                    + ")", cause);
        }
        return cause;
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    /** Closes this shard's connections (which stops their reconnecting); {@link #shutdown} then ends the client. */
    void close() {
        closing = true;
        try {
            pubSub.close();
        } finally {
            commands.close();
        }
    }

    /**
     * Ends the client, after {@link #close()} and once Lettuce's computation threads finished what they ran: the
     * last client to end stops the I/O threads, which first wait {@code quietPeriod} without a new task.
     */
    void shutdown(Duration quietPeriod) {
        client.shutdown(quietPeriod, Duration.ofSeconds(2));
    }
}
