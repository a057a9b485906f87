package dev.pushwire.core.hub.internal;

import dev.pushwire.core.Message;
import dev.pushwire.core.hub.ClientInfo;
import dev.pushwire.core.hub.Publication;
import dev.pushwire.core.hub.StreamPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A channel with subscribers on this node: its subscriber list and the serial executor that runs its fan-out, so a
 * channel's pushes leave in offset order and each is encoded once for all its subscribers.
 *
 * <p>Threading: {@link #subscribers} is confined to {@link #execute}; {@link #count} is guarded by the
 * {@link HubEngine}'s registry lock; {@link #nodeReady} is written once under that lock.
 */
final class LocalChannel {
    final String name;
    private final SerialExecutor executor;
    private final HubCodec codec;
    private final List<Subscriber> subscribers = new ArrayList<>();
    /** Subscribers attached and not yet detached; guarded by the engine's registry lock. */
    int count;
    /** Completes when the broker delivers this channel to this node. */
    CompletableFuture<Void> nodeReady;

    LocalChannel(String name, Executor pool, HubCodec codec) {
        this.name = name;
        this.executor = new SerialExecutor(pool);
        this.codec = codec;
    }

    void execute(Runnable task) {
        executor.execute(task);
    }

    /** Channel-executor confined. */
    void add(Subscriber s) {
        subscribers.add(s);
    }

    /** Channel-executor confined. */
    void remove(Subscriber s) {
        subscribers.remove(s);
    }

    /** Channel-executor confined: the number of subscribers registered for fan-out. */
    int fanOutSize() {
        return subscribers.size();
    }

    /** Fans a publication out: buffered for pending subscribers, encoded once and sent to live ones. */
    void publish(Publication p) {
        execute(() -> {
            Message push = null;
            for (Subscriber s : subscribers) {
                Subscriber.State state = s.state;
                if (state == Subscriber.State.PENDING) {
                    s.buffer(p);
                } else if (state == Subscriber.State.LIVE) {
                    if (push == null) {
                        push = Message.encodedText(codec.publicationPush(p));
                    }
                    s.send(push);
                }
            }
        });
    }

    /**
     * Tells every subscriber that publications were lost before {@code continueAfter}: live ones get an
     * {@code unrecoverable} push at once (in order with the publications around it), pending ones with their
     * subscribe reply.
     */
    void unrecoverable(StreamPosition continueAfter, String reason, HubCounters counters) {
        execute(() -> {
            Message push = null;
            for (Subscriber s : subscribers) {
                if (s.state == Subscriber.State.PENDING) {
                    s.noteLoss(continueAfter, reason);
                } else if (s.state == Subscriber.State.LIVE) {
                    if (push == null) {
                        push = Message.encodedText(codec.unrecoverablePush(name, continueAfter, reason));
                    }
                    s.send(push);
                    counters.unrecoverable.increment();
                }
            }
        });
    }

    /**
     * Fans a join or leave out to live subscribers of namespaces with join/leave events, except the client itself
     * (its subscribe or unsubscribe reply already told it).
     */
    void presence(String type, ClientInfo client) {
        execute(() -> {
            Message push = null;
            for (Subscriber s : subscribers) {
                if (s.state == Subscriber.State.LIVE && s.options.joinLeave()
                        && !s.session.connection().id().equals(client.clientId())) {
                    if (push == null) {
                        push = Message.encodedText(codec.presencePush(type, name, client));
                    }
                    s.send(push);
                }
            }
        });
    }
}
