package dev.pushwire.core.hub.internal;

import dev.pushwire.core.Connection;
import dev.pushwire.core.ReadyState;
import dev.pushwire.core.hub.Broker;
import dev.pushwire.core.hub.ChannelOptions;
import dev.pushwire.core.hub.ChannelStats;
import dev.pushwire.core.hub.ClientInfo;
import dev.pushwire.core.hub.HubObserver;
import dev.pushwire.core.hub.HubOptions;
import dev.pushwire.core.hub.HubStats;
import dev.pushwire.core.hub.PresenceStore;
import dev.pushwire.core.hub.Publication;
import dev.pushwire.core.hub.StreamPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hub's machinery behind {@link dev.pushwire.core.hub.Hub}: the channels with local subscribers, the broker's
 * event handler, the sessions, the pool that runs fan-out and the timer for token expiry. Thread safe.
 */
public final class HubEngine implements Broker.EventHandler, HubStats {
    final HubOptions options;
    final Broker broker;
    final PresenceStore presence;
    final HubCodec codec = new HubCodec();
    final ScheduledExecutorService timer;
    private final ExecutorService pool;
    /** Channels with at least one attached subscriber; changed only under {@link #registryLock}. */
    private final ConcurrentMap<String, LocalChannel> channels = new ConcurrentHashMap<>();
    private final Object registryLock = new Object();
    private final ConcurrentMap<String, ClientSession> sessions = new ConcurrentHashMap<>();
    final HubCounters counters = new HubCounters();
    /** Set by {@code Hub.observe}; read by fan-out and broker callbacks. */
    public volatile HubObserver observer = HubObserver.NONE;

    public HubEngine(HubOptions options) {
        this.options = options;
        this.broker = options.broker() != null ? options.broker() : Broker.memory(options.clock());
        this.presence = options.presenceStore() != null ? options.presenceStore() : PresenceStore.memory();
        this.pool = Executors.newFixedThreadPool(options.threads(), threads("pushwire-hub-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(threads("pushwire-hub-timer-"));
        broker.start(this);
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Speaks the hub protocol on {@code connection} until it closes. */
    public void accept(Connection connection) {
        ClientSession session = new ClientSession(this, connection);
        sessions.put(connection.id(), session);
        session.start();
        if (connection.readyState() == ReadyState.CLOSED) {
            session.stop(); // closed before its listener was added: its close event will not come
            forget(session);
        }
    }

    void forget(ClientSession session) {
        sessions.remove(session.connection().id(), session);
    }

    /** Number of connections speaking the hub protocol. */
    public int sessionCount() {
        return sessions.size();
    }

    /** Publishes from the server side (no client info); {@code data} must be JSON; {@code idempotencyKey} may be null. */
    public CompletableFuture<StreamPosition> publish(String channel, String data, String idempotencyKey) {
        checkChannel(channel);
        String json = codec.normalize(data);
        return publishCounted(channel, json, Broker.PublishOptions.of(options.channelOptions(channel), null)
                .withIdempotencyKey(idempotencyKey));
    }

    /** Hands a publication to the broker and counts it once the broker has stored and delivered it. */
    CompletableFuture<StreamPosition> publishCounted(String channel, String json, Broker.PublishOptions options) {
        long start = System.nanoTime();
        return broker.publish(channel, json, options).whenComplete((position, error) -> {
            if (error == null) {
                counters.publications.increment();
                observer.brokerRoundTrip(System.nanoTime() - start);
            }
        });
    }

    // ---- HubStats

    @Override
    public int channels() {
        return channels.size();
    }

    @Override
    public long subscriptions() {
        return counters.subscriptions.sum();
    }

    @Override
    public int connections() {
        return sessions.size();
    }

    @Override
    public long publications() {
        return counters.publications.sum();
    }

    @Override
    public long recoveries() {
        return counters.recoveries.sum();
    }

    @Override
    public long unrecoverable() {
        return counters.unrecoverable.sum();
    }

    @Override
    public long publishesRateLimited() {
        return counters.publishesRateLimited.sum();
    }

    @Override
    public long pushesDropped() {
        return counters.pushesDropped.sum();
    }

    @Override
    public long slowConsumerCloses() {
        return counters.slowConsumerCloses.sum();
    }

    @Override
    public long fanOutOverflows() {
        return counters.fanOutOverflows.sum();
    }

    /** Whether the broker reaches its backend. */
    public boolean brokerAvailable() {
        return broker.isAvailable();
    }

    /** A snapshot of the channels with local subscribers. */
    public List<ChannelStats> channelStats() {
        List<ChannelStats> out = new ArrayList<>();
        for (LocalChannel c : channels.values()) {
            int count;
            synchronized (registryLock) {
                count = c.count;
            }
            out.add(new ChannelStats(c.name, count, c.published()));
        }
        return out;
    }

    /** Who a hub connection connected as. */
    public Optional<ClientInfo> clientInfo(String connectionId) {
        ClientSession s = sessions.get(connectionId);
        return s == null ? Optional.empty() : Optional.ofNullable(s.client());
    }

    public CompletableFuture<Broker.HistoryResult> history(String channel, StreamPosition since, int limit) {
        checkChannel(channel);
        return broker.history(channel, new Broker.HistoryQuery(since, limit));
    }

    public CompletableFuture<List<ClientInfo>> presence(String channel) {
        checkChannel(channel);
        return presence.list(channel);
    }

    /** Channels with subscribers on this node, sorted. */
    public Set<String> channelNames() {
        return new TreeSet<>(channels.keySet());
    }

    /** Throws IllegalArgumentException for a channel name the protocol refuses. */
    public void checkChannel(String channel) {
        String problem = channelProblem(channel);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** What is wrong with a channel name, or null. */
    String channelProblem(String channel) {
        if (channel == null || channel.isEmpty()) {
            return "a channel name must not be empty";
        }
        if (channel.length() > options.maxChannelNameLength()) {
            return "a channel name must be at most " + options.maxChannelNameLength() + " characters";
        }
        for (int i = 0; i < channel.length(); i++) {
            char c = channel.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '*') {
                return "a channel name must not contain spaces, control characters or '*'";
            }
        }
        return null;
    }

    ChannelOptions channelOptions(String channel) {
        return options.channelOptions(channel);
    }

    /**
     * Registers {@code s} for fan-out (as PENDING) and makes sure this node receives the channel. {@code then} runs on
     * the channel's executor after the subscriber is registered, so every publication not yet handed to the
     * executor will reach the subscriber's buffer.
     */
    void attach(Subscriber s, Runnable then) {
        LocalChannel local;
        synchronized (registryLock) {
            local = channels.get(s.channel);
            if (local == null) {
                local = new LocalChannel(s.channel, pool, codec, this,
                        Math.max(16L << 20, 16 * options.slowSubscriberBytes()));
                channels.put(s.channel, local);
                local.nodeReady = broker.subscribe(s.channel);
            }
            local.count++;
        }
        counters.subscriptions.increment();
        s.local = local;
        LocalChannel l = local;
        local.execute(() -> {
            l.add(s);
            then.run();
        });
    }

    /** Removes {@code s} from fan-out; the last one out unsubscribes this node from the channel. */
    void detach(Subscriber s) {
        LocalChannel local = s.local;
        synchronized (s) {
            s.state = Subscriber.State.CLOSED;
        }
        local.execute(() -> local.remove(s));
        counters.subscriptions.decrement();
        synchronized (registryLock) {
            if (--local.count == 0 && channels.remove(s.channel, local)) {
                broker.unsubscribe(s.channel);
            }
        }
    }

    @Override
    public void onPublication(Publication publication) {
        LocalChannel local = channels.get(publication.channel());
        if (local != null) {
            local.publish(publication);
        }
    }

    @Override
    public void onUnrecoverable(String channel, StreamPosition continueAfter, String reason) {
        LocalChannel local = channels.get(channel);
        if (local != null) {
            local.unrecoverable(continueAfter, reason, counters);
        }
    }

    @Override
    public void onJoin(String channel, ClientInfo client) {
        LocalChannel local = channels.get(channel);
        if (local != null) {
            local.presence("join", client);
        }
    }

    @Override
    public void onLeave(String channel, ClientInfo client) {
        LocalChannel local = channels.get(channel);
        if (local != null) {
            local.presence("leave", client);
        }
    }

    /** Stops the threads and closes the broker and presence store. Connections are left to their server. */
    public void close() {
        for (ClientSession s : sessions.values()) {
            s.stop();
        }
        timer.shutdownNow();
        pool.shutdown();
        broker.close();
        presence.close();
    }
}
