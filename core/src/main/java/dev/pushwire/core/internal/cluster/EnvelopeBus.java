package dev.pushwire.core.internal.cluster;

import dev.pushwire.core.cluster.NodeBus;
import dev.pushwire.core.cluster.NodeBusException;
import dev.pushwire.core.cluster.NodeUnreachableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of a {@link NodeBus} that is the same on every medium: messages, requests and answers wrapped in one
 * envelope, answers matched to requests, deadlines. A subclass only moves envelopes: {@link #publish} to a node's
 * inbox, and {@link #deliver} what arrives in this node's inbox (serially, in arrival order).
 *
 * <pre>
 * envelope = kind (1 byte) | from length (1 byte) | from (ASCII) | correlation id (8 bytes) | payload
 * kind     = 0 message, 1 request, 2 answer, 3 failed answer (payload = UTF-8 reason)
 * </pre>
 */
public abstract class EnvelopeBus implements NodeBus {
    private static final Logger log = LoggerFactory.getLogger(EnvelopeBus.class);
    private static final byte MESSAGE = 0;
    private static final byte REQUEST = 1;
    private static final byte ANSWER = 2;
    private static final byte FAILED = 3;
    /** One timer thread for the deadlines of every bus in the process. */
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final String nodeId;
    private final byte[] fromBytes;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private volatile Listener listener;

    protected EnvelopeBus(String nodeId) {
        this.nodeId = NodeBus.checkNodeId(nodeId);
        this.fromBytes = nodeId.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Puts {@code envelope} in node {@code node}'s inbox; completes with false when no inbox of that node listens.
     * Envelopes published by one thread to one node keep their order.
     */
    protected abstract CompletableFuture<Boolean> publish(String node, byte[] envelope);

    @Override
    public final String nodeId() {
        return nodeId;
    }

    /** Sets the listener; a subclass's {@link #start} calls this before it subscribes its inbox. */
    protected final void listen(Listener l) {
        if (listener != null) {
            throw new IllegalStateException("bus of node " + nodeId + " already started");
        }
        listener = Objects.requireNonNull(l, "listener");
    }

    @Override
    public final CompletableFuture<Void> send(String node, byte[] message) {
        return publish(node, envelope(MESSAGE, 0, message)).thenApply(delivered -> {
            if (!delivered) {
                throw new NodeUnreachableException(node);
            }
            return null;
        });
    }

    @Override
    public final CompletableFuture<byte[]> request(String node, byte[] request, Duration deadline) {
        long id = ids.incrementAndGet();
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ScheduledFuture<?> timeout = TIMER.schedule(() -> answer.completeExceptionally(new TimeoutException(
                "node " + node + " did not answer within " + deadline.toMillis() + " ms")),
                deadline.toNanos(), TimeUnit.NANOSECONDS);
        answer.whenComplete((v, e) -> {
            pending.remove(id);
            timeout.cancel(false);
        });
        publish(node, envelope(REQUEST, id, request)).whenComplete((delivered, e) -> {
            if (e != null) {
                answer.completeExceptionally(e);
            } else if (!delivered) {
                answer.completeExceptionally(new NodeUnreachableException(node));
            }
        });
        return answer;
    }

    /** Fails every request still waiting for an answer (the bus is closing). */
    protected final void failPending(String why) {
        for (CompletableFuture<byte[]> f : pending.values()) {
            f.completeExceptionally(new NodeBusException(why));
        }
    }

    /** Handles one envelope from this node's inbox. Called serially, in arrival order. */
    protected final void deliver(byte[] envelope) {
        Listener l = listener;
        if (l == null || envelope.length < 10) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(envelope);
        byte kind = b.get();
        int fromLength = b.get() & 0xff;
        if (b.remaining() < fromLength + 8) {
            return;
        }
        String from = new String(envelope, 2, fromLength, StandardCharsets.US_ASCII);
        b.position(2 + fromLength);
        long id = b.getLong();
        byte[] payload = new byte[b.remaining()];
        b.get(payload);
        try {
            switch (kind) {
                case MESSAGE -> l.onMessage(from, payload);
                case REQUEST -> answer(l, from, id, payload);
                case ANSWER -> complete(id, payload, null);
                case FAILED -> complete(id, null, new NodeBusException("node " + from + " failed the request: "
                        + new String(payload, StandardCharsets.UTF_8)));
                default -> log.debug("bus of {}: envelope of unknown kind {} from {}", nodeId, kind, from);
            }
        } catch (RuntimeException e) {
            log.warn("bus of {}: the listener failed on an envelope from {}", nodeId, from, e);
        }
    }

    private void answer(Listener l, String from, long id, byte[] payload) {
        AtomicBoolean done = new AtomicBoolean();
        Reply reply = new Reply() {
            @Override
            public void answer(byte[] answer) {
                if (done.compareAndSet(false, true)) {
                    publish(from, envelope(ANSWER, id, answer));
                }
            }

            @Override
            public void fail(String reason) {
                if (done.compareAndSet(false, true)) {
                    publish(from, envelope(FAILED, id, String.valueOf(reason).getBytes(StandardCharsets.UTF_8)));
                }
            }
        };
        try {
            l.onRequest(from, payload, reply);
        } catch (RuntimeException e) {
            reply.fail("its listener threw " + e);
            throw e;
        }
    }

    private void complete(long id, byte[] value, RuntimeException error) {
        CompletableFuture<byte[]> f = pending.get(id);
        if (f == null) {
            return;  // past its deadline
        }
        if (error != null) {
            f.completeExceptionally(error);
        } else {
            f.complete(value);
        }
    }

    private byte[] envelope(byte kind, long id, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(2 + fromBytes.length + 8 + payload.length);
        b.put(kind).put((byte) fromBytes.length).put(fromBytes).putLong(id).put(payload);
        return b.array();
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "pushwire-bus-timer");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }
}
