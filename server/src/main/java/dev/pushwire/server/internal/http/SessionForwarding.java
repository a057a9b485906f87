package dev.pushwire.server.internal.http;

import dev.pushwire.core.cluster.NodeBus;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpRequest;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP sessions across nodes (docs/scaling.md): a session's id starts with the id of the node that holds it
 * ({@code node.random}); a request for a session held elsewhere is forwarded over the {@link NodeBus} to that node,
 * which runs the session logic and sends the answer back in parts, and this node writes them to the client.
 *
 * <p>Both sides live here: {@link #forward} and the relays (receiving node), and the bus listener that serves
 * forwarded requests (owning node). Thread-safe.
 */
public final class SessionForwarding implements NodeBus.Listener {
    private static final Logger log = LoggerFactory.getLogger(SessionForwarding.class);

    private final NodeBus bus;
    private final HttpSessionTransport transport;
    private final Duration forwardTimeout;
    private final long relayIdleMillis;
    private final AtomicLong streamIds = new AtomicLong();
    /** Relays of requests this node forwarded, by stream id. */
    private final Map<Long, ForwardRelay> relays = new ConcurrentHashMap<>();
    /** Answers this node is writing for requests forwarded to it, by "node/stream". */
    private final Map<String, ForwardedTarget> serving = new ConcurrentHashMap<>();
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder nodeGone = new LongAdder();
    private final LongAdder broken = new LongAdder();

    /**
     * @param forwardTimeout how long the owner has to take a forwarded request (the answer to a held poll may come
     *                       later; its parts must then keep coming)
     * @param relayIdleMillis how long a relay waits for the owner's next part before it breaks
     */
    SessionForwarding(NodeBus bus, HttpSessionTransport transport, Duration forwardTimeout, long relayIdleMillis) {
        this.bus = bus;
        this.transport = transport;
        this.forwardTimeout = forwardTimeout;
        this.relayIdleMillis = relayIdleMillis;
    }

    NodeBus bus() {
        return bus;
    }

    /** The node that holds session {@code sid}, or null when the id names no node (then it is this node's). */
    static String ownerOf(String sid) {
        int dot = sid.indexOf('.');
        return dot > 0 ? sid.substring(0, dot) : null;
    }

    /** Whether session {@code sid} is held by another node. */
    boolean heldElsewhere(String sid) {
        int dot = sid.indexOf('.');
        String self = bus.nodeId();
        return dot > 0 && !(dot == self.length() && sid.startsWith(self));
    }

    /** Requests forwarded to other nodes since start. */
    long forwardedCount() {
        return forwarded.sum();
    }

    /** Requests answered with 4010 (node gone) since start. */
    long nodeGoneCount() {
        return nodeGone.sum();
    }

    /** Relays that broke (the client was told to ask again) since start. */
    long brokenCount() {
        return broken.sum();
    }

    /** Forwarded requests waiting for (more of) their answer now. */
    int openRelays() {
        return relays.size();
    }

    void countNodeGone() {
        nodeGone.increment();
    }

    void countBroken() {
        broken.increment();
    }

    /** Forwards {@code request} (session {@code sid}, held by {@code owner}); the answer goes to {@code channel}. */
    void forward(Channel channel, FullHttpRequest request, String sid, String owner, HttpAnswer errorAnswer) {
        long id = streamIds.incrementAndGet();
        ForwardRelay relay = new ForwardRelay(this, id, owner, sid, channel, errorAnswer, relayIdleMillis);
        forwarded.increment();
        if (bus.liveness(owner) == NodeBus.Liveness.DEAD) {
            relay.failed(new dev.pushwire.core.cluster.NodeUnreachableException(owner));
            return;
        }
        relays.put(id, relay);
        relay.start();
        byte[] bytes = ForwardCodec.encodeRequest(id, request);
        // an answer that is already there runs at once (we are on the loop): queued, it could pass later parts
        bus.request(owner, bytes, forwardTimeout).whenComplete((answer, error) -> relay.channelExecute(() -> {
            if (error != null) {
                relay.failed(error);
            } else {
                relay.answered(answer);
            }
        }));
    }

    void forget(long streamId) {
        relays.remove(streamId);
    }

    /** Tells the owner that the client of stream {@code streamId} went away. */
    void cancel(String owner, long streamId) {
        byte[] msg = new byte[9];
        msg[0] = ForwardCodec.CANCEL;
        java.nio.ByteBuffer.wrap(msg, 1, 8).putLong(streamId);
        bus.send(owner, msg);
    }

    // ------------------------------------------------------------ the bus listener (owning node)

    @Override
    public void onRequest(String from, byte[] request, NodeBus.Reply reply) {
        ForwardCodec.Forwarded f;
        try {
            f = ForwardCodec.decodeRequest(request);
        } catch (IOException | RuntimeException e) {
            reply.fail("unreadable forwarded request: " + e.getMessage());
            return;
        }
        String key = from + "/" + f.streamId();
        transport.serveForwarded(f.request(), loop -> {
            ForwardedTarget t = new ForwardedTarget(bus, from, f.streamId(), reply, loop,
                    () -> serving.remove(key));
            serving.put(key, t);
            return t;
        });
    }

    @Override
    public void onMessage(String from, byte[] message) {
        if (message.length < 9) {
            return;
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(message));
        try {
            byte type = in.readByte();
            long streamId = in.readLong();
            if (type == ForwardCodec.CANCEL) {
                ForwardedTarget t = serving.get(from + "/" + streamId);
                if (t != null) {
                    t.cancel();
                }
            } else if (type == ForwardCodec.PARTS) {
                int first = in.readInt();
                ForwardRelay relay = relays.get(streamId);
                if (relay == null) {
                    cancel(from, streamId);  // the client is gone: stop the owner sending
                    return;
                }
                relay.channelExecute(() -> relay.parts(first, message, 13));
            }
        } catch (IOException e) {
            log.debug("unreadable bus message from {}", from, e);
        }
    }
}
