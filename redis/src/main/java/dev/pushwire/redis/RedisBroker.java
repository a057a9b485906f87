package dev.pushwire.redis;

import dev.pushwire.core.hub.Broker;
import dev.pushwire.core.hub.ClientInfo;
import dev.pushwire.core.hub.StreamPosition;
import dev.pushwire.redis.internal.Frames;
import dev.pushwire.redis.internal.Keys;
import dev.pushwire.redis.internal.LuaScript;
import dev.pushwire.redis.internal.RedisConnections;
import dev.pushwire.redis.internal.RedisFeeds;
import dev.pushwire.redis.internal.RedisShard;
import dev.pushwire.redis.internal.StreamReader;
import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link Broker} for many nodes: every node that uses the same Redis servers (and key prefix) serves the same
 * channels, with one history, one offset sequence and one epoch per channel.
 *
 * <ul>
 *   <li><b>Publish</b> is one Lua script on the channel's shard: the epoch and top offset in a meta hash
 *       ({@code HINCRBY}), the publication appended to a stream with its offset as entry id and {@code MAXLEN} = history
 *       size, TTLs for the stream (history TTL) and the meta (see {@link RedisOptions#streamMetaTtl()}), the
 *       idempotency key, and the {@code PUBLISH} to every subscribed node, all atomic.</li>
 *   <li><b>Delivery</b> rides on Redis pub/sub, which is at most once; each node checks that a channel's offsets run
 *       on and reads the stream back when they do not, after its pub/sub connection came back, and when an idle
 *       channel's top offset is ahead of it. What the stream no longer holds is reported with
 *       {@link EventHandler#onUnrecoverable}, which the hub passes to the channel's subscribers.</li>
 *   <li><b>Faults:</b> while Redis is unreachable {@link #isAvailable()} is false and publishes fail at once (or after
 *       {@link RedisOptions#commandTimeout()} when it does not answer) with
 *       {@link dev.pushwire.core.hub.BrokerUnavailableException}; connections come back by themselves.</li>
 * </ul>
 * See docs/scaling.md for the keys, the script and the failure modes.
 *
 * <p>Threading: thread safe and non-blocking, as the SPI asks; handler calls come from Lettuce's threads and the
 * timer thread, serial per channel.
 */
public final class RedisBroker implements Broker {
    private static final LuaScript PUBLISH = LuaScript.load("publish");

    private final RedisConnections connections;
    private final RedisOptions options;
    private final Keys keys;
    private final StreamReader reader;
    /** Set once by {@link #start}. */
    private volatile RedisFeeds feeds;

    private RedisBroker(RedisConnections connections) {
        this.connections = connections;
        this.options = connections.options();
        this.keys = connections.keys();
        this.reader = new StreamReader(connections);
    }

    /**
     * Connects to every shard of {@code options}.
     *
     * @throws dev.pushwire.core.hub.BrokerUnavailableException if a shard cannot be reached now
     */
    public static RedisBroker create(RedisOptions options) {
        return new RedisBroker(RedisConnections.open(Objects.requireNonNull(options, "options")));
    }

    /** The options it was created with. */
    public RedisOptions options() {
        return options;
    }

    /** The connections, for a presence store that shares them. */
    RedisConnections connections() {
        return connections;
    }

    @Override
    public void start(EventHandler handler) {
        Objects.requireNonNull(handler, "handler");
        synchronized (this) {
            if (feeds != null) {
                throw new IllegalStateException("broker already started");
            }
            feeds = new RedisFeeds(connections, reader, handler);
        }
    }

    private RedisFeeds feeds() {
        RedisFeeds f = feeds;
        if (f == null) {
            throw new IllegalStateException("start the broker first");
        }
        return f;
    }

    @Override
    public CompletableFuture<Void> subscribe(String channel) {
        return feeds().subscribe(channel);
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String channel) {
        return feeds().unsubscribe(channel);
    }

    @Override
    public CompletableFuture<StreamPosition> publish(String channel, String data, PublishOptions publish) {
        Objects.requireNonNull(data, "data");
        long now = System.currentTimeMillis();
        long historyTtl = Math.max(1, publish.historyTtl().toMillis());
        String key = publish.idempotencyKey();
        String[] k = {keys.meta(channel), keys.stream(channel),
            key == null ? keys.meta(channel) : keys.idempotency(channel, key)};
        RedisShard shard = connections.shardOf(channel);
        return shard.<List<Object>>script(PUBLISH, ScriptOutputType.MULTI, k,
                Frames.body(now, publish.info(), data), Integer.toString(publish.historySize()),
                Long.toString(historyTtl), Long.toString(options.streamMetaTtl().toMillis()), StreamReader.newEpoch(),
                keys.pubSub(channel), Long.toString(now + historyTtl),
                key == null ? "" : Long.toString(options.idempotencyTtl().toMillis()))
                .thenApply(reply -> new StreamPosition((String) reply.get(1), (Long) reply.get(0)));
    }

    @Override
    public CompletableFuture<Void> publishJoin(String channel, ClientInfo client) {
        return presenceEvent(channel, Frames.presence('j', client));
    }

    @Override
    public CompletableFuture<Void> publishLeave(String channel, ClientInfo client) {
        return presenceEvent(channel, Frames.presence('l', client));
    }

    private CompletableFuture<Void> presenceEvent(String channel, String frame) {
        return connections.shardOf(channel).run(c -> c.publish(keys.pubSub(channel), frame).toCompletableFuture())
                .thenApply(n -> null);
    }

    @Override
    public CompletableFuture<HistoryResult> history(String channel, HistoryQuery query) {
        return reader.read(channel, query.since() == null ? 0 : query.since().offset(), query.limit());
    }

    @Override
    public CompletableFuture<Void> removeHistory(String channel) {
        return connections.shardOf(channel)
                .run(c -> c.del(keys.meta(channel), keys.stream(channel)).toCompletableFuture())
                .thenApply(n -> null);
    }

    /** True while every shard is connected and answering commands. */
    @Override
    public boolean isAvailable() {
        return connections.isAvailable();
    }

    /** Channels this node is subscribed to (for tests and figures). */
    public int subscribedChannels() {
        RedisFeeds f = feeds;
        return f == null ? 0 : f.size();
    }

    @Override
    public void close() {
        RedisFeeds f = feeds;
        if (f != null) {
            f.close();
        }
        connections.release();
    }
}
