package dev.pushwire.core.hub.internal;

import dev.pushwire.core.hub.Broker;
import dev.pushwire.core.hub.ClientInfo;
import dev.pushwire.core.hub.Publication;
import dev.pushwire.core.hub.StreamPosition;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-memory {@link Broker}: one node, history in this process. Each channel's stream is guarded by its own
 * lock, held while an offset is assigned, the publication appended and handed to the event handler, so a channel's
 * publications reach the handler in offset order even under concurrent publishers. Every future returned is already
 * complete.
 */
public final class MemoryBroker implements Broker {
    /**
     * How long the stream of a channel nobody here subscribes to, whose history is empty, keeps its epoch and offset
     * after its last publication (or its creation): a client coming back within it learns it missed nothing, not
     * that history was lost.
     */
    static final Duration STREAM_META_TTL = Duration.ofHours(1);
    /** Past this many streams a sweep also forgets idle ones younger than {@link #STREAM_META_TTL}. */
    static final int MAX_IDLE_STREAMS = 100_000;
    /** Stream lookups between two sweeps. */
    static final int SWEEP_EVERY = 4096;

    private final Clock clock;
    /** Streams by channel; a removed stream is marked under its lock and replaced on next use. */
    private final ConcurrentMap<String, ChannelStream> streams = new ConcurrentHashMap<>();
    /** Channels this node subscribed to. */
    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    /** Set once by {@link #start}; read by any thread. */
    private volatile EventHandler handler;
    /** Stream lookups since the last sweep; a sweep runs on the thread that crosses {@link #SWEEP_EVERY}. */
    private final AtomicInteger lookups = new AtomicInteger();

    public MemoryBroker(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void start(EventHandler handler) {
        if (this.handler != null) {
            throw new IllegalStateException("broker already started");
        }
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    public CompletableFuture<Void> subscribe(String channel) {
        subscribed.add(channel);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String channel) {
        subscribed.remove(channel);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<StreamPosition> publish(String channel, String data, PublishOptions options) {
        Objects.requireNonNull(data, "data");
        while (true) {
            ChannelStream stream = stream(channel);
            synchronized (stream) {
                if (stream.removed) {
                    continue;
                }
                long now = clock.millis();
                String key = options.idempotencyKey();
                if (key != null) {
                    StreamPosition first = stream.seen(key, now);
                    if (first != null) {
                        return CompletableFuture.completedFuture(first);
                    }
                }
                Publication publication = new Publication(channel, ++stream.top, stream.epoch, data,
                        options.info(), now);
                stream.lastPublishMillis = now;
                if (options.historySize() > 0) {
                    stream.publications.addLast(publication);
                    while (stream.publications.size() > options.historySize()) {
                        stream.publications.removeFirst();
                    }
                    stream.ttlMillis = options.historyTtl().toMillis();
                } else {
                    stream.publications.clear();
                }
                stream.prune(now);
                if (key != null) {
                    stream.remember(key, publication.position(), now);
                }
                EventHandler h = handler;
                if (h != null && subscribed.contains(channel)) {
                    h.onPublication(publication);
                }
                return CompletableFuture.completedFuture(publication.position());
            }
        }
    }

    @Override
    public CompletableFuture<Void> publishJoin(String channel, ClientInfo client) {
        return presenceEvent(channel, client, true);
    }

    @Override
    public CompletableFuture<Void> publishLeave(String channel, ClientInfo client) {
        return presenceEvent(channel, client, false);
    }

    private CompletableFuture<Void> presenceEvent(String channel, ClientInfo client, boolean join) {
        EventHandler h = handler;
        if (h != null && subscribed.contains(channel)) {
            // Under the stream's lock, so one channel's handler calls never overlap.
            ChannelStream stream = stream(channel);
            synchronized (stream) {
                if (join) {
                    h.onJoin(channel, client);
                } else {
                    h.onLeave(channel, client);
                }
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<HistoryResult> history(String channel, HistoryQuery query) {
        while (true) {
            ChannelStream stream = stream(channel);
            synchronized (stream) {
                if (stream.removed) {
                    continue;
                }
                stream.prune(clock.millis());
                List<Publication> out = new ArrayList<>();
                long after = query.since() == null ? 0 : query.since().offset();
                int limit = query.limit() < 0 ? Integer.MAX_VALUE : query.limit();
                for (Publication p : stream.publications) {
                    if (out.size() >= limit) {
                        break;
                    }
                    if (p.offset() > after) {
                        out.add(p);
                    }
                }
                return CompletableFuture.completedFuture(
                        new HistoryResult(out, new StreamPosition(stream.epoch, stream.top)));
            }
        }
    }

    @Override
    public CompletableFuture<Void> removeHistory(String channel) {
        ChannelStream stream = streams.remove(channel);
        if (stream != null) {
            synchronized (stream) {
                stream.removed = true;
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        streams.clear();
        subscribed.clear();
    }

    private ChannelStream stream(String channel) {
        if (lookups.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep();
        }
        return streams.computeIfAbsent(channel, c -> new ChannelStream(newEpoch(), clock.millis()));
    }

    /**
     * Forgets the streams nobody needs, so that subscribing to (or reading the history of) ever new channel names
     * cannot grow memory without bound. A stream is idle when no one here subscribes to its channel and it holds no
     * publication; it is forgotten {@link #STREAM_META_TTL} after its last publication, or at once while more than
     * {@link #MAX_IDLE_STREAMS} streams are held. A client that comes back with the old epoch is then told plainly
     * that recovery is impossible.
     */
    void sweep() {
        long now = clock.millis();
        long minAge = streams.size() > MAX_IDLE_STREAMS ? 0 : STREAM_META_TTL.toMillis();
        streams.forEach((channel, stream) -> forgetIfIdle(channel, stream, now, minAge));
    }

    private void forgetIfIdle(String channel, ChannelStream stream, long now, long minAgeMillis) {
        if (subscribed.contains(channel)) {
            return;
        }
        synchronized (stream) {
            stream.prune(now);
            boolean idle = stream.publications.isEmpty() && now - stream.lastPublishMillis >= minAgeMillis;
            if (idle && !stream.removed && !subscribed.contains(channel) && streams.remove(channel, stream)) {
                stream.removed = true;
            }
        }
    }

    /** The number of channel streams held (tests). */
    int streamCount() {
        return streams.size();
    }

    private static String newEpoch() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    /** Idempotency keys remembered per stream at most; the oldest are forgotten first. */
    static final int MAX_IDEMPOTENCY_KEYS = 10_000;

    private record Seen(StreamPosition position, long millis) {
    }

    /** One channel's stream. Every field is guarded by the instance's lock. */
    private static final class ChannelStream {
        final String epoch;
        final ArrayDeque<Publication> publications = new ArrayDeque<>();
        /** Idempotency keys of recent publishes, oldest first; created on first use. */
        java.util.LinkedHashMap<String, Seen> keys;
        long top;
        long lastPublishMillis;
        long ttlMillis = Long.MAX_VALUE;
        boolean removed;

        ChannelStream(String epoch, long createdMillis) {
            this.epoch = epoch;
            this.lastPublishMillis = createdMillis;
        }

        /** The position first published under {@code key} within the window, or null. */
        StreamPosition seen(String key, long now) {
            if (keys == null) {
                return null;
            }
            long window = IDEMPOTENCY_WINDOW.toMillis();
            var it = keys.values().iterator();
            while (it.hasNext() && now - it.next().millis() >= window) {
                it.remove();
            }
            Seen seen = keys.get(key);
            return seen == null ? null : seen.position();
        }

        void remember(String key, StreamPosition position, long now) {
            if (keys == null) {
                keys = new java.util.LinkedHashMap<>();
            }
            keys.put(key, new Seen(position, now));
            if (keys.size() > MAX_IDEMPOTENCY_KEYS) {
                keys.remove(keys.keySet().iterator().next());
            }
        }

        void prune(long now) {
            while (!publications.isEmpty() && now - publications.peekFirst().time() >= ttlMillis) {
                publications.removeFirst();
            }
        }
    }
}
