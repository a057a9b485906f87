package dev.pushwire.redis;

import dev.pushwire.core.hub.ClientInfo;
import dev.pushwire.core.hub.PresenceStore;
import dev.pushwire.redis.internal.Frames;
import dev.pushwire.redis.internal.Keys;
import dev.pushwire.redis.internal.LuaScript;
import dev.pushwire.redis.internal.RedisConnections;
import dev.pushwire.redis.internal.RedisShard;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PresenceStore} for many nodes. Per channel, a hash (entry to client) and a sorted set (entry to expiry
 * time) on the channel's shard; an entry is named by node id and client id, so connection ids of different nodes never
 * collide. Each node refreshes its own entries every third of {@link RedisOptions#presenceTtl()}, in one script call
 * per channel and 500 entries; the entries of a node that died stop being listed once their expiry passes (within the
 * TTL) and are dropped by the next list. A node that closes its store removes its entries at once.
 *
 * <p>Threading: thread safe and non-blocking; refreshes run on the connections' timer thread.
 */
public final class RedisPresenceStore implements PresenceStore {
    private static final Logger log = LoggerFactory.getLogger(RedisPresenceStore.class);
    private static final LuaScript ADD = LuaScript.load("presence_add");
    private static final LuaScript LIST = LuaScript.load("presence_list");
    private static final LuaScript REMOVE = LuaScript.load("presence_remove");
    private static final LuaScript REFRESH = LuaScript.load("presence_refresh");
    /** Entries per refresh call: one script call per this many clients of a channel keeps each call short in Redis. */
    static final int REFRESH_BATCH = 500;

    private final RedisConnections connections;
    private final Keys keys;
    private final String node;
    private final long ttlMillis;
    /** This node's entries: channel to client id to client; refreshed by {@link #refresh}. */
    private final ConcurrentMap<String, Map<String, ClientInfo>> mine = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> refresher;
    private volatile boolean closed;

    private RedisPresenceStore(RedisConnections connections) {
        this.connections = connections;
        this.keys = connections.keys();
        this.node = connections.options().nodeId();
        this.ttlMillis = connections.options().presenceTtl().toMillis();
        long every = Math.max(100, ttlMillis / 3);
        this.refresher = connections.timer().scheduleWithFixedDelay(this::refresh, every, every,
                TimeUnit.MILLISECONDS);
    }

    /** A store with connections of its own. */
    public static RedisPresenceStore create(RedisOptions options) {
        return new RedisPresenceStore(RedisConnections.open(Objects.requireNonNull(options, "options")));
    }

    /** A store that shares {@code broker}'s connections and options (close both; the last closes them). */
    public static RedisPresenceStore sharing(RedisBroker broker) {
        return new RedisPresenceStore(broker.connections().retain());
    }

    @Override
    public CompletableFuture<Void> add(String channel, ClientInfo client) {
        mine.computeIfAbsent(channel, c -> new ConcurrentHashMap<>()).put(client.clientId(), client);
        return write(channel, client);
    }

    private CompletableFuture<Void> write(String channel, ClientInfo client) {
        long expiry = System.currentTimeMillis() + ttlMillis;
        return shard(channel).<Long>script(ADD, ScriptOutputType.INTEGER,
                new String[] {keys.presence(channel), keys.presenceExpiry(channel)}, entry(client.clientId()),
                Frames.client(client), Long.toString(expiry), Long.toString(ttlMillis * 2)).thenApply(n -> null);
    }

    @Override
    public CompletableFuture<Void> remove(String channel, String clientId) {
        mine.computeIfPresent(channel, (c, clients) -> {
            clients.remove(clientId);
            return clients.isEmpty() ? null : clients;
        });
        return delete(channel, clientId);
    }

    private CompletableFuture<Void> delete(String channel, String clientId) {
        return shard(channel).<Long>script(REMOVE, ScriptOutputType.INTEGER,
                new String[] {keys.presence(channel), keys.presenceExpiry(channel)}, entry(clientId))
                .thenApply(n -> null);
    }

    @Override
    public CompletableFuture<List<ClientInfo>> list(String channel) {
        return shard(channel).<List<Object>>script(LIST, ScriptOutputType.MULTI,
                new String[] {keys.presence(channel), keys.presenceExpiry(channel)},
                Long.toString(System.currentTimeMillis())).thenApply(values -> {
                    List<ClientInfo> out = new ArrayList<>(values.size());
                    for (Object v : values) {
                        out.add(Frames.parseClient((String) v));
                    }
                    return out;
                });
    }

    /**
     * Writes every entry of this node again with a new expiry: one script call per channel and
     * {@value #REFRESH_BATCH} clients, so a node with a million entries in a few channels sends thousands of calls per
     * refresh, not a million.
     */
    private void refresh() {
        if (closed) {
            return;
        }
        String expiry = Long.toString(System.currentTimeMillis() + ttlMillis);
        String keyTtl = Long.toString(ttlMillis * 2);
        mine.forEach((channel, clients) -> {
            List<String> args = new ArrayList<>();
            for (ClientInfo client : clients.values()) {
                if (args.isEmpty()) {
                    args.add(expiry);
                    args.add(keyTtl);
                }
                args.add(entry(client.clientId()));
                args.add(Frames.client(client));
                if (args.size() == 2 + 2 * REFRESH_BATCH) {
                    refresh(channel, args);
                    args = new ArrayList<>();
                }
            }
            if (!args.isEmpty()) {
                refresh(channel, args);
            }
        });
    }

    private void refresh(String channel, List<String> args) {
        shard(channel).<Long>script(REFRESH, ScriptOutputType.INTEGER,
                new String[] {keys.presence(channel), keys.presenceExpiry(channel)}, args.toArray(String[]::new))
                .exceptionally(e -> {
                    log.debug("presence refresh of {} failed", channel, e);
                    return null;
                });
    }

    private RedisShard shard(String channel) {
        return connections.shardOf(channel);
    }

    private String entry(String clientId) {
        return node + "/" + clientId;
    }

    /** Removes this node's entries (waiting up to a second), stops refreshing and releases the connections. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        refresher.cancel(false);
        List<CompletableFuture<Void>> removals = new ArrayList<>();
        mine.forEach((channel, clients) -> clients.keySet().forEach(id -> removals.add(delete(channel, id))));
        mine.clear();
        try {
            CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new)).get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("presence entries of node {} not all removed on close; they expire within {} ms", node,
                    ttlMillis);
        } finally {
            connections.release();
        }
    }

    /** Stops as if the process had died: no removal, no more refreshes (tests of expiry). */
    void abandon() {
        closed = true;
        refresher.cancel(false);
        mine.clear();
        connections.release();
    }
}
