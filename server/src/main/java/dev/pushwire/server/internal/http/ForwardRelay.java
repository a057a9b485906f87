package dev.pushwire.server.internal.http;

import dev.pushwire.core.CloseCode;
import dev.pushwire.core.cluster.NodeBus;
import dev.pushwire.core.cluster.NodeUnreachableException;
import dev.pushwire.core.internal.session.SessionClose;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the node that received a request of a session held elsewhere: writes the owner's answer parts to the client's
 * connection as they come over the bus. A relay that breaks (a part missing, the owner silent for too long or
 * dead) closes the client's connection, so the client asks again (an SSE client with {@code Last-Event-ID}); the
 * session's acknowledgements make that exact.
 *
 * <p>Confined to the client channel's event loop: every method runs there.
 */
final class ForwardRelay {
    private static final Logger log = LoggerFactory.getLogger(ForwardRelay.class);

    private final SessionForwarding forwarding;
    private final long streamId;
    private final String owner;
    private final String sid;
    private final Channel channel;
    private final HttpAnswer errorAnswer;
    private final long idleLimitNanos;
    private final GenericFutureListener<Future<? super Void>> clientGone = f -> clientGone();
    private ScheduledFuture<?> watchdog;
    private long lastHeard = System.nanoTime();
    private int nextIndex;
    /** Whether any part reached the client (then an error answer is no longer possible). */
    private boolean started;
    private boolean done;

    ForwardRelay(SessionForwarding forwarding, long streamId, String owner, String sid, Channel channel,
                 HttpAnswer errorAnswer, long idleLimitMillis) {
        this.forwarding = forwarding;
        this.streamId = streamId;
        this.owner = owner;
        this.sid = sid;
        this.channel = channel;
        this.errorAnswer = errorAnswer;
        this.idleLimitNanos = TimeUnit.MILLISECONDS.toNanos(idleLimitMillis);
    }

    /** Watches the client's connection and the owner. */
    void start() {
        channel.closeFuture().addListener(clientGone);
        watchdog = channel.eventLoop().scheduleAtFixedRate(this::check, 1, 1, TimeUnit.SECONDS);
    }

    /** Runs {@code task} on the client channel's event loop: at once when already there, else queued. */
    void channelExecute(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }

    /** The bus answer to the forwarded request: the first parts. */
    void answered(byte[] answer) {
        parts(0, answer, 0);
    }

    /** The forwarded request failed on the bus. */
    void failed(Throwable error) {
        if (done) {
            return;
        }
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        boolean gone = e instanceof NodeUnreachableException
                || (e instanceof TimeoutException && forwarding.bus().liveness(owner) == NodeBus.Liveness.DEAD);
        if (gone) {
            forwarding.countNodeGone();
            errorAnswer.error(HttpResponseStatus.NOT_FOUND, "unknown_session", nodeGoneMessage(),
                    nodeGoneClose(owner));
        } else {
            log.debug("forwarding a request of session {} to node {} failed", sid, owner, e);
            errorAnswer.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "session_node_unavailable", "node " + owner
                    + ", which holds session " + sid + ", did not answer in time (" + e.getMessage()
                    + "); retry", null);
        }
        finish();
    }

    /** Parts sent by the owner, the first of them numbered {@code firstIndex}; {@code offset} into {@code bytes}. */
    void parts(int firstIndex, byte[] bytes, int offset) {
        if (done) {
            return;
        }
        lastHeard = System.nanoTime();
        if (firstIndex != nextIndex) {
            broken("a part of the answer was lost on the bus (got part " + firstIndex + ", expected " + nextIndex
                    + ")");
            return;
        }
        List<ForwardCodec.Part> parts;
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, offset, bytes.length - offset));
            parts = ForwardCodec.decodeParts(in, in.readInt());
        } catch (IOException e) {
            broken("the owner's answer could not be read: " + e.getMessage());
            return;
        }
        nextIndex += parts.size();
        boolean closeAfter = false;
        boolean complete = false;
        for (ForwardCodec.Part p : parts) {
            if (p.kind() == ForwardCodec.CLOSE) {
                closeAfter = true;
            } else if (closeAfter || complete || !channel.isActive()) {
                ReferenceCountUtil.release(p.object());
            } else {
                started = true;
                complete |= p.kind() == ForwardCodec.FULL || p.kind() == ForwardCodec.END;
                channel.write(p.object());
            }
        }
        if (closeAfter) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.flush();
        }
        if (closeAfter || complete) {
            finish();
        }
    }

    private void check() {
        if (done) {
            return;
        }
        if (forwarding.bus().liveness(owner) == NodeBus.Liveness.DEAD) {
            if (started) {
                broken("node " + owner + " is gone");
            } else {
                failed(new NodeUnreachableException(owner));
                forwarding.cancel(owner, streamId);
            }
        } else if (System.nanoTime() - lastHeard > idleLimitNanos) {
            broken("node " + owner + " sent nothing for " + TimeUnit.NANOSECONDS.toMillis(idleLimitNanos) + " ms");
        }
    }

    private void clientGone() {
        if (!done) {
            finish();
            forwarding.cancel(owner, streamId);
        }
    }

    /** Ends the client's response abruptly, so the client asks again. */
    private void broken(String why) {
        log.debug("relay of session {} from node {} broke: {}", sid, owner, why);
        forwarding.countBroken();
        finish();
        forwarding.cancel(owner, streamId);
        channel.close();
    }

    private void finish() {
        done = true;
        forwarding.forget(streamId);
        channel.closeFuture().removeListener(clientGone);
        if (watchdog != null) {
            watchdog.cancel(false);
        }
    }

    private String nodeGoneMessage() {
        return "node " + owner + ", which held session " + sid + ", is gone; open a new session";
    }

    static SessionClose nodeGoneClose(String owner) {
        return SessionClose.of(CloseCode.SESSION_NODE_GONE, "node " + owner + " that held the session is gone");
    }
}
