package dev.pushwire.app.internal;

import dev.pushwire.core.hub.Broker;
import dev.pushwire.core.hub.ClientInfo;
import dev.pushwire.core.hub.ForwardingBroker;
import dev.pushwire.core.hub.Publication;
import dev.pushwire.core.hub.StreamPosition;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The demo server's broker when several nodes share one (Redis): the hub's broker, plus internal channels the demo
 * routes use to reach every node ({@code /pub} to {@code /sub}, the ticker to {@code /ticker}). The node stays
 * subscribed to those channels whatever hub clients do with the same names; their publications go to the route's
 * listener and, as for any channel, to hub subscribers. Everything else passes through unchanged.
 *
 * <p>Thread safe: listeners are registered before {@link #start}; handler calls come from the broker's threads.
 */
public final class ClusterRelay extends ForwardingBroker {
    /** The prefix of the demo's internal channels. */
    public static final String PREFIX = "pushwire-demo:";
    /** Internal channels keep no history: a relay is live only. */
    private static final PublishOptions LIVE_ONLY = new PublishOptions(0, Duration.ofMinutes(1), null);

    private final Map<String, Consumer<Publication>> listeners = new ConcurrentHashMap<>();

    public ClusterRelay(Broker delegate) {
        super(delegate);
    }

    /** Calls {@code listener} with every publication to the internal {@code channel}, from any node. */
    public void listen(String channel, Consumer<Publication> listener) {
        listeners.put(channel, listener);
    }

    /** Publishes {@code json} to an internal channel (every node's listener gets it). */
    public CompletableFuture<StreamPosition> relay(String channel, String json) {
        return delegate().publish(channel, json, LIVE_ONLY);
    }

    /** As {@link #relay}, once per {@code key} across nodes (within the broker's idempotency window). */
    public CompletableFuture<StreamPosition> relayOnce(String channel, String json, String key) {
        return delegate().publish(channel, json, LIVE_ONLY.withIdempotencyKey(key));
    }

    @Override
    public void start(EventHandler handler) {
        delegate().start(new EventHandler() {
            @Override
            public void onPublication(Publication publication) {
                Consumer<Publication> l = listeners.get(publication.channel());
                if (l != null) {
                    l.accept(publication);
                }
                handler.onPublication(publication);
            }

            @Override
            public void onJoin(String channel, ClientInfo client) {
                handler.onJoin(channel, client);
            }

            @Override
            public void onLeave(String channel, ClientInfo client) {
                handler.onLeave(channel, client);
            }

            @Override
            public void onUnrecoverable(String channel, StreamPosition continueAfter, String reason) {
                handler.onUnrecoverable(channel, continueAfter, reason);
            }
        });
        for (String channel : listeners.keySet()) {
            delegate().subscribe(channel);
        }
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String channel) {
        if (listeners.containsKey(channel)) {
            return CompletableFuture.completedFuture(null); // the demo routes keep it
        }
        return delegate().unsubscribe(channel);
    }
}
