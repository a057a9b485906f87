package dev.pushwire.core.hub;

import dev.pushwire.core.Connection;
import dev.pushwire.core.hub.internal.HubEngine;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Channels with history, recovery and presence over any {@link Connection}: mount it on an endpoint
 * ({@code server.endpoint("/pushwire", hub::accept)}) and clients speak the hub protocol ({@code docs/hub.md}):
 * connect (with an optional token), subscribe (with an optional {@code since} position to recover what they
 * missed), publish, history, presence, refresh.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Every publication gets the next offset of its channel; a subscriber gets a channel's publications in offset
 *       order.</li>
 *   <li>A subscribe with {@code since: {epoch, offset}} gets exactly the publications after it, then live ones, with
 *       no gap and no duplicate; or the error {@code unrecoverable} when history no longer holds them or the epoch
 *       changed.</li>
 *   <li>A publication is encoded once and the same message is sent to every subscriber on this node.</li>
 *   <li>A subscriber whose connection holds more than {@link HubOptions#slowSubscriberBytes()} unsent bytes gets its
 *       namespace's {@link SlowSubscriberPolicy} (by default: closed with 4000, slow consumer).</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * Every method is thread safe and non-blocking. The hub runs fan-out on its own threads
 * ({@link HubOptions#threads()}), one channel at a time per thread; {@link ChannelAuthorizer} and
 * {@link TokenVerifier} run on the connection's I/O thread.
 */
public final class Hub implements AutoCloseable {
    private final HubOptions options;
    private final HubEngine engine;

    private Hub(HubOptions options) {
        this.options = options;
        this.engine = new HubEngine(options);
    }

    /** A hub with {@link HubOptions#DEFAULT}. */
    public static Hub create() {
        return create(HubOptions.DEFAULT);
    }

    /** A hub with these options; it starts its threads at once. */
    public static Hub create(HubOptions options) {
        return new Hub(Objects.requireNonNull(options, "options"));
    }

    /** The options. */
    public HubOptions options() {
        return options;
    }

    /**
     * Serves the hub protocol on {@code connection} until it closes. Call it from an endpoint's connection handler,
     * before the first message can arrive.
     */
    public void accept(Connection connection) {
        engine.accept(Objects.requireNonNull(connection, "connection"));
    }

    /**
     * Publishes {@code data} to {@code channel} as the server (no client info; the namespace's
     * {@link ChannelOptions#clientPublish()} does not apply).
     *
     * @param data any JSON value, as text
     * @return the publication's position, when the broker has stored and delivered it
     * @throws IllegalArgumentException if the channel name is not valid or {@code data} is not JSON
     */
    public CompletableFuture<StreamPosition> publish(String channel, String data) {
        return engine.publish(channel, Objects.requireNonNull(data, "data"), null);
    }

    /**
     * As {@link #publish(String, String)}, with an idempotency key: a retry with the same key (within
     * {@link Broker#IDEMPOTENCY_WINDOW}) is not published again and completes with the first publication's position.
     * Use it to retry a publish whose outcome is unknown (a timeout, {@link BrokerUnavailableException}).
     *
     * @param idempotencyKey 1 to 128 characters naming this publication, or null for none
     * @throws IllegalArgumentException also for a key that is empty or too long
     */
    public CompletableFuture<StreamPosition> publish(String channel, String data, String idempotencyKey) {
        return engine.publish(channel, Objects.requireNonNull(data, "data"), idempotencyKey);
    }

    /**
     * Reads a channel's history.
     *
     * @param since only publications after this position (null: from the oldest held)
     * @param limit at most this many (-1: all held; 0: none, only the current position)
     */
    public CompletableFuture<Broker.HistoryResult> history(String channel, StreamPosition since, int limit) {
        return engine.history(channel, since, limit);
    }

    /** The clients subscribed to {@code channel} (on every node sharing the presence store). */
    public CompletableFuture<List<ClientInfo>> presence(String channel) {
        return engine.presence(channel);
    }

    /**
     * Checks a channel name: 1 to {@link HubOptions#maxChannelNameLength()} characters, no spaces, control
     * characters or {@code *}.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public void checkChannelName(String channel) {
        engine.checkChannel(channel);
    }

    /** Channels with at least one subscriber on this node, sorted. */
    public Set<String> channels() {
        return engine.channelNames();
    }

    /**
     * Live figures of this hub on this node: channels, subscriptions, publications, recoveries (a live view, read
     * by the server's metrics; see {@link HubStats}).
     */
    public HubStats stats() {
        return engine;
    }

    /**
     * Reports this hub's timings (delivery latency, broker round trip) and drops to {@code observer}, replacing the
     * one set before ({@link HubObserver#NONE} at first). A server with a meter registry sets it when the hub is
     * mounted.
     */
    public void observe(HubObserver observer) {
        engine.observer = Objects.requireNonNull(observer, "observer");
    }

    /**
     * Whether the hub's broker reaches its backend ({@link Broker#isAvailable()}): always true in memory; false
     * while a shared backend is unreachable, which makes the node not ready.
     */
    public boolean isBrokerAvailable() {
        return engine.brokerAvailable();
    }

    /** The channels with subscribers on this node, with their subscriber and publication counts; a snapshot. */
    public List<ChannelStats> channelStats() {
        return engine.channelStats();
    }

    /** Who the hub connection {@code connectionId} connected as, once its {@code connect} was answered. */
    public java.util.Optional<ClientInfo> clientInfo(String connectionId) {
        return engine.clientInfo(connectionId);
    }

    /** Connections currently speaking the hub protocol on this node. */
    public int connectionCount() {
        return engine.sessionCount();
    }

    /**
     * Stops the hub's threads and closes the broker and presence store. Open connections are not closed (their
     * server does that) but get no more publications.
     */
    @Override
    public void close() {
        engine.close();
    }
}
