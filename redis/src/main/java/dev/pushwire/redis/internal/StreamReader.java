package dev.pushwire.redis.internal;

import dev.pushwire.core.hub.Broker.HistoryResult;
import dev.pushwire.core.hub.Publication;
import dev.pushwire.core.hub.StreamPosition;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads a channel's position and history from its shard with the {@code history} script, a page of
 * {@link #PAGE} entries at a time ({@code XRANGE ... COUNT}), skipping entries past their expiry. Creates the epoch of
 * a channel not seen yet and keeps a read channel's meta from expiring. Thread safe, stateless.
 */
public final class StreamReader {
    /** Stream entries per XRANGE. */
    static final int PAGE = 1000;
    static final LuaScript HISTORY = LuaScript.load("history");

    private final RedisConnections connections;

    public StreamReader(RedisConnections connections) {
        this.connections = connections;
    }

    /** A random epoch for a new stream: 16 hex digits. */
    public static String newEpoch() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    /**
     * The channel's top position and up to {@code limit} publications after offset {@code after}, oldest first.
     *
     * @param limit -1 for all held, 0 for none
     */
    public CompletableFuture<HistoryResult> read(String channel, long after, int limit) {
        return page(channel, after, limit, new ArrayList<>(), null);
    }

    private CompletableFuture<HistoryResult> page(String channel, long after, int limit, List<Publication> into,
            StreamPosition first) {
        int want = limit < 0 ? PAGE : Math.min(PAGE, limit - into.size());
        RedisShard shard = connections.shardOf(channel);
        Keys keys = connections.keys();
        String[] k = {keys.meta(channel), keys.stream(channel)};
        return shard.<List<Object>>script(HISTORY, ScriptOutputType.MULTI, k, newEpoch(),
                Long.toString(connections.options().streamMetaTtl().toMillis()), (after + 1) + "-0",
                Integer.toString(want)).thenCompose(reply -> {
                    StreamPosition top = new StreamPosition((String) reply.get(0), (Long) reply.get(1));
                    if (first != null && !first.epoch().equals(top.epoch())) {
                        return CompletableFuture.completedFuture(new HistoryResult(into, first)); // lost meanwhile
                    }
                    StreamPosition at = first != null ? first : top;
                    if (want == 0) {
                        return CompletableFuture.completedFuture(new HistoryResult(into, at));
                    }
                    @SuppressWarnings("unchecked")
                    List<Object> entries = reply.size() > 2 ? (List<Object>) reply.get(2) : List.of();
                    long now = System.currentTimeMillis();
                    long lastOffset = after;
                    for (Object e : entries) {
                        @SuppressWarnings("unchecked")
                        List<Object> entry = (List<Object>) e;
                        String id = (String) entry.get(0);
                        long offset = Long.parseLong(id.substring(0, id.indexOf('-')));
                        lastOffset = offset;
                        if (offset > at.offset()) {
                            break; // published after the first page's top: not part of this answer
                        }
                        @SuppressWarnings("unchecked")
                        List<Object> fields = (List<Object>) entry.get(1);
                        String body = null;
                        long expiry = Long.MAX_VALUE;
                        for (int i = 0; i + 1 < fields.size(); i += 2) {
                            if ("b".equals(fields.get(i))) {
                                body = (String) fields.get(i + 1);
                            } else if ("x".equals(fields.get(i))) {
                                expiry = Long.parseLong((String) fields.get(i + 1));
                            }
                        }
                        if (body != null && expiry > now && (limit < 0 || into.size() < limit)) {
                            into.add(Frames.publication(channel, offset, at.epoch(), body));
                        }
                    }
                    boolean more = entries.size() == want && lastOffset < at.offset()
                            && (limit < 0 || into.size() < limit);
                    if (more) {
                        return page(channel, lastOffset, limit, into, at);
                    }
                    return CompletableFuture.completedFuture(new HistoryResult(into, at));
                });
    }
}
