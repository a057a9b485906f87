package dev.pushwire.core.hub;

import dev.pushwire.core.hub.internal.MemoryPresenceStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Who is subscribed to which channel, across nodes. Entries are keyed by channel and client id; adding the same
 * client twice keeps one entry. Every implementation must pass {@code PresenceStoreContractTest}.
 *
 * <p>Threading: every method may be called from any thread and must not block; futures may complete anywhere.
 */
public interface PresenceStore extends AutoCloseable {

    /** A new in-memory store (one node). */
    static PresenceStore memory() {
        return new MemoryPresenceStore();
    }

    /** Records that {@code client} is subscribed to {@code channel}. */
    CompletableFuture<Void> add(String channel, ClientInfo client);

    /** Forgets {@code clientId}'s subscription to {@code channel}; nothing if there was none. */
    CompletableFuture<Void> remove(String channel, String clientId);

    /** The clients subscribed to {@code channel}, in no particular order. */
    CompletableFuture<List<ClientInfo>> list(String channel);

    @Override
    void close();
}
