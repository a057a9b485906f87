package dev.pushwire.core.hub;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Broker} that passes every call to another: extend it and override only what you change (a broker that
 * keeps some channels subscribed, one that counts, one that fails on purpose in a test). The threading and contract
 * are the delegate's.
 */
public abstract class ForwardingBroker implements Broker {
    private final Broker delegate;

    protected ForwardingBroker(Broker delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The broker calls are passed to. */
    protected final Broker delegate() {
        return delegate;
    }

    @Override
    public void start(EventHandler handler) {
        delegate.start(handler);
    }

    @Override
    public CompletableFuture<Void> subscribe(String channel) {
        return delegate.subscribe(channel);
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String channel) {
        return delegate.unsubscribe(channel);
    }

    @Override
    public CompletableFuture<StreamPosition> publish(String channel, String data, PublishOptions options) {
        return delegate.publish(channel, data, options);
    }

    @Override
    public CompletableFuture<Void> publishJoin(String channel, ClientInfo client) {
        return delegate.publishJoin(channel, client);
    }

    @Override
    public CompletableFuture<Void> publishLeave(String channel, ClientInfo client) {
        return delegate.publishLeave(channel, client);
    }

    @Override
    public CompletableFuture<HistoryResult> history(String channel, HistoryQuery query) {
        return delegate.history(channel, query);
    }

    @Override
    public CompletableFuture<Void> removeHistory(String channel) {
        return delegate.removeHistory(channel);
    }

    @Override
    public boolean isAvailable() {
        return delegate.isAvailable();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
