package dev.pushwire.websocket.internal;

import dev.pushwire.core.Message;
import dev.pushwire.core.SendCallback;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.util.NettyRuntime;
import io.netty.util.internal.PlatformDependent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One per event loop: the WebSocket sends handed over from other threads, and the connections of that loop waiting
 * for a flush. A broadcast from another thread to 10,000 connections on 2 loops becomes 2 tasks that each encode
 * the message once, write that one buffer to their loop's connections and then flush every connection once, instead
 * of 10,000 encodings, 10,000 write tasks and 10,000 flush tasks.
 *
 * <h2>Threading</h2>
 * {@link #handOver} may be called from any thread; sends from one thread keep their order (one FIFO queue per loop,
 * and a task queued after them with {@code execute} still runs after them). Everything else runs on the loop.
 */
final class LoopOutbox implements Runnable {
    /**
     * Where shared frames come from: a duplicate of a buffer of Netty's pooled allocator is itself recycled (one
     * pool of them per thread), where a duplicate of the default (adaptive) allocator's buffers is a new object per
     * connection per message, about 40 of the bytes a delivery allocated and so a good part of the young
     * collections, each of which stops every loop. Not {@code PooledByteBufAllocator.DEFAULT}: its 4 MiB chunks are
     * zeroed (so resident) when first used, 8 MiB more RSS with two loops; chunks of 64 KiB (8 KiB pages, order 3:
     * the smallest whose runs fit every small size class, Netty asserts it) hold the frames of small messages, and a
     * larger frame gets memory of its own, freed when its last duplicate is written. One arena per processor (one
     * per loop by default); caches for the event loops' threads only.
     */
    private static final ByteBufAllocator SHARED_FRAMES = new PooledByteBufAllocator(true, 0,
            NettyRuntime.availableProcessors(), 8192, 3, 256, 64, false);
    /** Weak keys: an outbox goes with its loop (it holds no reference to the loop itself). */
    private static final Map<EventLoop, LoopOutbox> BY_LOOP = Collections.synchronizedMap(new WeakHashMap<>());

    /** {@link HandedOver} sends and {@link BroadcastPart}s, in the order they were handed over. */
    private final Queue<Object> sends = PlatformDependent.newMpscQueue();
    /** Set while a drain task is queued or about to be; any thread. */
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    /** loop: connections that wrote since the last flush of this outbox. */
    private final List<WebSocketConnection> toFlush = new ArrayList<>();
    /** loop: inside {@link #run}, which flushes what is added to {@link #toFlush} before it returns. */
    private boolean draining;
    /** loop: the message {@link #sharedFrame} encodes, kept until the end of this loop turn's drain. */
    private Message sharedMessage;
    /** loop: an unmasked data frame of {@link #sharedMessage}; this outbox holds one reference to it. */
    private ByteBuf sharedFrame;

    private LoopOutbox() {
    }

    /** The outbox of {@code loop} (looked up once per connection). Any thread. */
    static LoopOutbox of(EventLoop loop) {
        return BY_LOOP.computeIfAbsent(loop, l -> new LoopOutbox());
    }

    /**
     * Any thread: queues a frame ({@code WebSocketFrame} or encoded {@code ByteBuf}) for {@code connection}, which
     * lives on {@code loop}, this outbox's loop.
     */
    void handOver(EventLoop loop, WebSocketConnection connection, Object frame, int payloadBytes,
                  SendCallback callback) {
        sends.offer(new HandedOver(connection, frame, payloadBytes, callback));
        queueDrain(loop);
    }

    /**
     * Any thread: queues {@code message} (with its bytes) for every one of {@code connections}, which all live on
     * {@code loop}, this outbox's loop: one queue entry, one encoding and one task for the whole group. Keeps its
     * place among the sends handed over before and after it.
     */
    void handOverBroadcast(EventLoop loop, Message message, List<WebSocketConnection> connections) {
        sends.offer(new BroadcastPart(message, connections));
        queueDrain(loop);
    }

    /**
     * loop: writes {@code message} to {@code connections} of this loop now, then flushes them (or, inside this
     * outbox's drain, leaves the flush to the drain's end).
     */
    void broadcastNow(EventLoop loop, Message message, List<WebSocketConnection> connections) {
        if (draining) {
            writeBroadcast(message, connections);
            return;
        }
        draining = true;
        try {
            writeBroadcast(message, connections);
            flushAll();
        } finally {
            toFlush.clear();
            releaseShared();
            draining = false;
        }
    }

    private static void writeBroadcast(Message message, List<WebSocketConnection> connections) {
        for (int i = 0, n = connections.size(); i < n; i++) {
            connections.get(i).writeBroadcast(message);
        }
    }

    /** loop: {@code connection} wrote outside a read batch; it is flushed when this loop turn's drain runs. */
    void flushLater(EventLoop loop, WebSocketConnection connection) {
        toFlush.add(connection);
        if (!draining) {
            queueDrain(loop);
        }
    }

    /**
     * loop: the unmasked frame of {@code message} (which has its bytes), as a retained duplicate of one buffer shared
     * by every connection of this loop that sends the same message in this loop turn: a broadcast is encoded once
     * per loop, into a buffer of {@link #SHARED_FRAMES} whose duplicates are recycled. The shared buffer is released
     * at the end of the turn's drain.
     */
    ByteBuf frameOf(EventLoop loop, Message message) {
        if (message != sharedMessage) {
            releaseShared();
            sharedFrame = DataFrames.encode(SHARED_FRAMES, message.isText(), message.bytes(), false);
            sharedMessage = message;
            if (!draining) {
                queueDrain(loop);
            }
        }
        return sharedFrame.retainedDuplicate();
    }

    private void releaseShared() {
        if (sharedFrame != null) {
            sharedFrame.release();
            sharedFrame = null;
            sharedMessage = null;
        }
    }

    private void queueDrain(EventLoop loop) {
        if (!drainQueued.get() && drainQueued.compareAndSet(false, true)) {
            loop.execute(this);
        }
    }

    /** loop: writes every handed-over frame, then flushes each connection that wrote. */
    @Override
    public void run() {
        drainQueued.set(false); // before polling: a send offered after our last poll queues another drain
        draining = true;
        try {
            Object next;
            while ((next = sends.poll()) != null) {
                if (next instanceof HandedOver h) {
                    h.connection.writeHandedOver(h.frame, h.payloadBytes, h.callback);
                } else {
                    BroadcastPart b = (BroadcastPart) next;
                    writeBroadcast(b.message, b.connections);
                }
            }
            flushAll();
        } finally {
            toFlush.clear();
            releaseShared();
            draining = false;
        }
    }

    /** loop: flushes every connection that wrote since the last flush of this outbox. */
    private void flushAll() {
        // by index: a write callback run by a flush may send again, adding a connection to flush in this pass
        for (int i = 0; i < toFlush.size(); i++) {
            toFlush.get(i).flushNow();
        }
    }

    private record BroadcastPart(Message message, List<WebSocketConnection> connections) {
    }

    private record HandedOver(WebSocketConnection connection, Object frame, int payloadBytes, SendCallback callback) {
    }
}
