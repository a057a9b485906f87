package dev.pushwire.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pushwire.core.hub.ClientInfo;
import dev.pushwire.core.hub.Publication;
import dev.pushwire.core.hub.StreamPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One channel of a {@link HubClient}: subscribe to its publications (recovered after every reconnect), publish,
 * read presence and history. Get one with {@link HubClient#channel(String)}.
 *
 * <p>Threading: methods may be called from any thread. Listeners run on the client's I/O thread, one at a time, in
 * offset order, and must not block. A publication is delivered at most once, even across reconnects.
 */
public final class HubChannel {
    private final HubClient client;
    private final String name;
    private final List<Consumer<Publication>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<ClientInfo>> joins = new CopyOnWriteArrayList<>();
    private final List<Consumer<ClientInfo>> leaves = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> unrecoverable = new CopyOnWriteArrayList<>();
    /** Told how many publications the channel's slow-subscriber policy dropped for this client. */
    private final List<Consumer<Long>> dropped = new CopyOnWriteArrayList<>();
    /** Guarded by the client's lock. */
    boolean wanted;
    /** Guarded by the client's lock: completes with the first subscription of the current {@link #wanted} spell. */
    CompletableFuture<StreamPosition> subscribed = new CompletableFuture<>();
    /** Guarded by the client's lock: the position of the last publication delivered, or of the subscribe reply. */
    StreamPosition position;

    HubChannel(HubClient client, String name) {
        this.client = client;
        this.name = name;
    }

    /** The channel name. */
    public String name() {
        return name;
    }

    /**
     * Subscribes (once; more listeners may be added by calling again) and calls {@code listener} with every
     * publication. After a reconnect the client subscribes again with the last position it delivered, so missed
     * publications arrive first, in order, without duplicates; if the server cannot give them all, the
     * {@link #onUnrecoverable} listeners run and the subscription continues from the current position.
     *
     * @return a future completed when the server confirmed the first subscription
     */
    public CompletableFuture<StreamPosition> subscribe(Consumer<Publication> listener) {
        listeners.add(listener);
        return client.subscribe(this);
    }

    /**
     * Subscribes starting after {@code since} (a position saved from an earlier run): the publications after it come
     * first. Otherwise as {@link #subscribe(Consumer)}.
     */
    public CompletableFuture<StreamPosition> subscribe(StreamPosition since, Consumer<Publication> listener) {
        synchronized (client.lock) {
            if (!wanted) {
                position = since;
            }
        }
        return subscribe(listener);
    }

    /** Calls {@code listener} when another client joins the channel. */
    public HubChannel onJoin(Consumer<ClientInfo> listener) {
        joins.add(listener);
        return this;
    }

    /** Calls {@code listener} when another client leaves the channel. */
    public HubChannel onLeave(Consumer<ClientInfo> listener) {
        leaves.add(listener);
        return this;
    }

    /**
     * Calls {@code listener} with the server's message when missed publications could not be recovered: on a
     * resubscribe after a reconnect, or while subscribed when the server's broker lost some on their way (e.g. Redis
     * restarted without persistence). The subscription goes on with the next publication.
     */
    public HubChannel onUnrecoverable(Consumer<String> listener) {
        unrecoverable.add(listener);
        return this;
    }

    /**
     * Calls {@code listener} with how many publications the server dropped for this client under the channel's
     * slow-subscriber policy ({@code DROP_OLDEST}, {@code LATEST_VALUE}); the next publication delivered comes after
     * the gap. To get them, read {@code history} since the position of the last one delivered before the gap.
     */
    public HubChannel onDropped(Consumer<Long> listener) {
        dropped.add(listener);
        return this;
    }

    /** Stops the subscription. */
    public CompletableFuture<Void> unsubscribe() {
        return client.unsubscribe(this);
    }

    /** Publishes {@code json} (any JSON value as text); completes with its position. */
    public CompletableFuture<StreamPosition> publish(String json) {
        return client.request("publish", c -> {
            c.put("channel", name);
            c.set("data", HubClient.parse(json));
        }).thenApply(HubClient::positionOf);
    }

    /** The clients subscribed to the channel. */
    public CompletableFuture<List<ClientInfo>> presence() {
        return client.request("presence", c -> c.put("channel", name)).thenApply(result -> {
            List<ClientInfo> out = new ArrayList<>();
            result.path("clients").forEach(n -> out.add(HubClient.clientOf(n)));
            return out;
        });
    }

    /** Up to {@code limit} of the newest publications the channel keeps, oldest first. */
    public CompletableFuture<List<Publication>> history(int limit) {
        return client.request("history", c -> c.put("channel", name).put("limit", limit)).thenApply(result -> {
            List<Publication> out = new ArrayList<>();
            result.path("publications").forEach(n -> out.add(HubClient.publicationOf(n)));
            return out;
        });
    }

    /** The position of the last publication delivered (or of the subscription's start); null before. */
    public StreamPosition position() {
        synchronized (client.lock) {
            return position;
        }
    }

    /** Delivers a publication unless it was already delivered. Called on the I/O thread. */
    void deliver(Publication p) {
        synchronized (client.lock) {
            if (position != null && position.epoch().equals(p.epoch()) && p.offset() <= position.offset()) {
                return;
            }
            position = p.position();
        }
        for (Consumer<Publication> l : listeners) {
            l.accept(p);
        }
    }

    void presenceEvent(String type, JsonNode client) {
        ClientInfo info = HubClient.clientOf(client);
        for (Consumer<ClientInfo> l : type.equals("join") ? joins : leaves) {
            l.accept(info);
        }
    }

    void dropped(long count) {
        for (Consumer<Long> l : dropped) {
            l.accept(count);
        }
    }

    /**
     * The server lost publications before {@code continueAfter} (its broker could not read them back): tell the
     * listeners and go on from there. Called on the I/O thread, in order with the publications.
     */
    void lost(StreamPosition continueAfter, String message) {
        synchronized (client.lock) {
            position = continueAfter;
        }
        unrecoverable(message);
    }

    void unrecoverable(String message) {
        for (Consumer<String> l : unrecoverable) {
            l.accept(message);
        }
    }
}
