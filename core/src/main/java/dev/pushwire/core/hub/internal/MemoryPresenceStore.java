package dev.pushwire.core.hub.internal;

import dev.pushwire.core.hub.ClientInfo;
import dev.pushwire.core.hub.PresenceStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The in-memory {@link PresenceStore}: a concurrent map of channel to client id to client. */
public final class MemoryPresenceStore implements PresenceStore {
    private final ConcurrentMap<String, Map<String, ClientInfo>> channels = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<Void> add(String channel, ClientInfo client) {
        channels.compute(channel, (c, clients) -> {
            Map<String, ClientInfo> map = clients != null ? clients : new ConcurrentHashMap<>();
            map.put(client.clientId(), client);
            return map;
        });
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> remove(String channel, String clientId) {
        channels.computeIfPresent(channel, (c, clients) -> {
            clients.remove(clientId);
            return clients.isEmpty() ? null : clients;
        });
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<List<ClientInfo>> list(String channel) {
        Map<String, ClientInfo> clients = channels.get(channel);
        return CompletableFuture.completedFuture(clients == null ? List.of() : List.copyOf(clients.values()));
    }

    @Override
    public void close() {
        channels.clear();
    }
}
