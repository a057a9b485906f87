package dev.pushwire.core.hub.internal;

import dev.pushwire.core.Message;
import dev.pushwire.core.SendCallback;
import dev.pushwire.core.hub.ClientInfo;
import dev.pushwire.core.hub.HubObserver;
import dev.pushwire.core.hub.Publication;
import dev.pushwire.core.hub.StreamPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel with subscribers on this node: its subscriber list and the serial executor that runs its fan-out, so a
 * channel's pushes leave in offset order and each is encoded once for all its subscribers.
 *
 * <p>Threading: {@link #subscribers} is confined to {@link #execute}; {@link #count} is guarded by the
 * {@link HubEngine}'s registry lock; {@link #nodeReady} is written once under that lock.
 */
final class LocalChannel {
    private static final Logger log = LoggerFactory.getLogger(LocalChannel.class);
    final String name;
    /** Bytes of publications waiting in {@link #executor} for fan-out, at most {@link #maxQueuedBytes}. */
    private final AtomicLong queuedBytes = new AtomicLong();
    private final long maxQueuedBytes;
    /** Set when the queue overflowed, until the task that closes this node's subscribers has run. */
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final SerialExecutor executor;
    private final HubCodec codec;
    private final List<Subscriber> subscribers = new ArrayList<>();
    /** Subscribers attached and not yet detached; guarded by the engine's registry lock. */
    int count;
    /** Completes when the broker delivers this channel to this node. */
    CompletableFuture<Void> nodeReady;
    private final HubEngine engine;
    /** Publications fanned out; written only by the channel executor, read by any thread. */
    private volatile long published;

    /**
     * @param maxQueuedBytes how many bytes of publications may wait for fan-out on this node; past it this node's
     *                       subscribers of the channel are closed with 4000 and recover by offset
     */
    LocalChannel(String name, Executor pool, HubCodec codec, HubEngine engine, long maxQueuedBytes) {
        this.name = name;
        this.maxQueuedBytes = maxQueuedBytes;
        this.executor = new SerialExecutor(pool);
        this.codec = codec;
        this.engine = engine;
    }

    /** Publications fanned out since this channel got its first local subscriber. Any thread. */
    long published() {
        return published;
    }

    /** Most subscribers whose delivery of one publication is timed ({@link HubObserver#delivered}). */
    private static final int TIMED_PER_PUBLICATION = 8;

    HubCodec codec() {
        return codec;
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

    /**
     * Fans a publication out: buffered for pending subscribers, encoded once and sent to live ones. The delivery of
     * a few of them (every n/8th and the last) is timed from the broker's acceptance to the write. The fan-out
     * queue is bounded in bytes: when publications arrive faster than this node can fan them out, the overflowing
     * ones are not queued and every subscriber of the channel here is closed with 4000 once the queue is worked off
     * (none gets anything after the gap first), so they reconnect and recover the rest by offset.
     */
    void publish(Publication p) {
        long size = Subscriber.sizeOf(p);
        if (overflowed.get()) {
            return; // not queued: this node's subscribers are about to be closed and will recover it
        }
        if (queuedBytes.addAndGet(size) > maxQueuedBytes) {
            queuedBytes.addAndGet(-size);
            if (overflowed.compareAndSet(false, true)) {
                engine.counters.fanOutOverflows.increment();
                log.warn("channel {}: more than {} bytes of publications wait for fan-out on this node; closing its "
                        + "subscribers here with 4000 so they recover by offset", name, maxQueuedBytes);
                execute(() -> {
                    for (Subscriber s : subscribers) {
                        s.closeSlow();
                    }
                    overflowed.set(false);
                });
            }
            return;
        }
        long brokerNanos = Math.max(0, System.currentTimeMillis() - p.time()) * 1_000_000L;
        long arrived = System.nanoTime();
        execute(() -> {
            queuedBytes.addAndGet(-size);
            published++;
            HubObserver observer = engine.observer;
            SendCallback timed = observer == HubObserver.NONE ? null : error -> {
                if (error == null) {
                    observer.delivered(brokerNanos + System.nanoTime() - arrived);
                }
            };
            int n = subscribers.size();
            int stride = Math.max(1, n / TIMED_PER_PUBLICATION);
            Message push = null;
            for (int i = 0; i < n; i++) {
                Subscriber s = subscribers.get(i);
                Subscriber.State state = s.state;
                if (state == Subscriber.State.PENDING) {
                    s.buffer(p);
                } else if (state == Subscriber.State.LIVE) {
                    if (push == null) {
                        push = Message.encodedText(codec.publicationPush(p));
                    }
                    s.send(push, timed != null && (i % stride == 0 || i == n - 1) ? timed : null);
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
                    s.send(push, null);
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
                    s.send(push, null);
                }
            }
        });
    }
}
