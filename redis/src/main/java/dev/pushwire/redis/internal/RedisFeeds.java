package dev.pushwire.redis.internal;

import dev.pushwire.core.hub.Broker.EventHandler;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels this node subscribed to, one {@link ChannelFeed} each: routes every shard's pub/sub messages to them,
 * subscribes them again when a pub/sub connection comes back, and runs their periodic idle check. Thread safe.
 */
public final class RedisFeeds {
    private static final Logger log = LoggerFactory.getLogger(RedisFeeds.class);

    /** Channels per SUBSCRIBE when a pub/sub connection came back, so one command never grows unbounded. */
    static final int SUBSCRIBE_BATCH = 512;

    private final RedisConnections connections;
    private final StreamReader reader;
    private final EventHandler handler;
    private final ConcurrentMap<String, ChannelFeed> feeds = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> checks;
    private final ScheduledFuture<?> probes;

    public RedisFeeds(RedisConnections connections, StreamReader reader, EventHandler handler) {
        this.connections = connections;
        this.reader = reader;
        this.handler = handler;
        Keys keys = connections.keys();
        for (RedisShard shard : connections.shards()) {
            shard.pubSub().addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String pubSubChannel, String message) {
                    String channel = keys.channelOf(pubSubChannel);
                    ChannelFeed feed = channel == null ? null : feeds.get(channel);
                    if (feed != null) {
                        try {
                            feed.onMessage(Frames.parse(channel, message));
                        } catch (RuntimeException e) {
                            log.warn("a broker message on {} could not be read; ignored", pubSubChannel, e);
                        }
                    }
                }
            });
            shard.onReconnect(() -> resubscribe(shard));
        }
        Duration interval = connections.options().idleCheckInterval();
        long idleNanos = interval.toNanos();
        this.checks = connections.timer().scheduleWithFixedDelay(() -> {
            for (ChannelFeed feed : feeds.values()) {
                try {
                    feed.check(idleNanos);
                } catch (RuntimeException e) {
                    log.warn("idle check of {} failed", feed.channel, e);
                }
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        // a shard that timed out is asked again every second, so that it is seen answering again
        this.probes = connections.timer().scheduleWithFixedDelay(() -> {
            for (RedisShard shard : connections.shards()) {
                if (!shard.isAvailable()) {
                    shard.run(c -> c.ping().toCompletableFuture());
                }
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Subscribes this node to {@code channel} (idempotent); completes once publications after now reach it.
     *
     * <p>SUBSCRIBE and UNSUBSCRIBE commands are issued under the {@link #feeds} lock, so the pub/sub connection sees
     * them in the order the map changed: a channel left and joined again at once ends subscribed.
     */
    public CompletableFuture<Void> subscribe(String channel) {
        ChannelFeed feed;
        synchronized (feeds) {
            feed = feeds.get(channel);
            if (feed != null) {
                return feed.ready;
            }
            RedisShard shard = connections.shardOf(channel);
            ChannelFeed f = feed = new ChannelFeed(channel, shard, reader, handler,
                    connections.options().maxRecoveredPublications(), connections.timer());
            feeds.put(channel, f);
            shard.pubSub().async().subscribe(connections.keys().pubSub(channel)).whenComplete((v, e) -> {
                if (e != null) {
                    f.ready.completeExceptionally(f.shard.translate(e));
                } else {
                    f.baseline();
                }
            });
            f.ready.whenComplete((v, e) -> {
                if (e != null) {
                    drop(f);
                }
            });
        }
        return feed.ready;
    }

    /** Forgets a feed whose subscription failed, unsubscribing its channel unless a newer feed wants it. */
    private void drop(ChannelFeed f) {
        synchronized (feeds) {
            if (feeds.remove(f.channel, f) || !feeds.containsKey(f.channel)) {
                f.shard.pubSub().async().unsubscribe(connections.keys().pubSub(f.channel));
            }
        }
    }

    /** Unsubscribes this node from {@code channel} (idempotent). */
    public CompletableFuture<Void> unsubscribe(String channel) {
        ChannelFeed feed;
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (feeds) {
            feed = feeds.remove(channel);
            if (feed == null) {
                return CompletableFuture.completedFuture(null);
            }
            feed.shard.pubSub().async().unsubscribe(connections.keys().pubSub(channel))
                    .whenComplete((v, e) -> done.complete(null)); // a dropped connection unsubscribed it anyway
        }
        feed.close();
        return done;
    }

    /** After a pub/sub reconnect: SUBSCRIBE every channel of the shard again, then read each back. */
    private void resubscribe(RedisShard shard) {
        synchronized (feeds) {
            List<ChannelFeed> mine = new ArrayList<>();
            for (ChannelFeed f : feeds.values()) {
                if (f.shard == shard) {
                    mine.add(f);
                }
            }
            for (int i = 0; i < mine.size(); i += SUBSCRIBE_BATCH) {
                List<ChannelFeed> batch = mine.subList(i, Math.min(mine.size(), i + SUBSCRIBE_BATCH));
                String[] names = batch.stream().map(f -> connections.keys().pubSub(f.channel))
                        .toArray(String[]::new);
                shard.pubSub().async().subscribe(names).whenComplete((v, e) -> {
                    if (e != null) {
                        log.warn("subscribing {} channels again on {} failed; their read-back retries",
                                names.length, shard.name(), e);
                    }
                    batch.forEach(ChannelFeed::reconnected);
                });
            }
        }
    }

    /** Channels subscribed on this node. */
    public int size() {
        return feeds.size();
    }

    public void close() {
        checks.cancel(false);
        probes.cancel(false);
        List<ChannelFeed> all;
        synchronized (feeds) {
            all = new ArrayList<>(feeds.values());
            feeds.clear();
        }
        all.forEach(ChannelFeed::close);
    }
}
