package dev.pushwire.server.internal.http;

import dev.pushwire.core.cluster.NodeBus;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * On the node that holds a session: the answer to a request another node received and forwarded here. What the
 * session logic writes is encoded as parts; the parts written while the request is first handled go back as the
 * bus answer to the forwarded request, later ones (a held poll's batch, an SSE stream's events) as bus messages
 * numbered so the receiving node notices a gap.
 *
 * <p>Confined to the session's thread ({@code loop}), except {@link #cancel} and failed sends, which hop there.
 */
final class ForwardedTarget implements ResponseTarget {
    private final NodeBus bus;
    private final String requester;
    private final long streamId;
    private final NodeBus.Reply reply;
    private final Executor loop;
    private final Runnable forget;
    private final List<Runnable> goneTasks = new ArrayList<>(1);
    private ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    private DataOutputStream out = new DataOutputStream(bytes);
    private int count;
    private int nextIndex;
    private boolean answered;
    private boolean complete;
    private boolean closed;
    private boolean gone;

    /**
     * @param loop   the session's thread (where every call but {@link #cancel} comes from)
     * @param forget unregisters this target from the node's open forwarded answers; run once, when it ends
     */
    ForwardedTarget(NodeBus bus, String requester, long streamId, NodeBus.Reply reply, Executor loop,
                    Runnable forget) {
        this.bus = bus;
        this.requester = requester;
        this.streamId = streamId;
        this.reply = reply;
        this.loop = loop;
        this.forget = forget;
    }

    /** The request was handled: what was written so far is the bus answer; the rest follows as messages. */
    void handled() {
        answered = true;
        byte[] parts = take();
        reply.answer(parts);
        if (complete || closed) {
            end();
        }
    }

    /** The receiving node says its client went away. Any thread. */
    void cancel() {
        loop.execute(this::lost);
    }

    @Override
    public boolean isActive() {
        return !closed && !gone;
    }

    @Override
    public void write(HttpObject msg) {
        if (closed || gone) {
            ReferenceCountUtil.release(msg);
            return;
        }
        complete |= msg instanceof LastHttpContent;  // a FullHttpResponse is one too
        try {
            ForwardCodec.encodePart(out, msg);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        count++;
    }

    @Override
    public void flush() {
        if (!answered || count == 0 || gone) {
            return;
        }
        int first = nextIndex;
        nextIndex += count;
        byte[] parts = take();
        ByteArrayOutputStream msg = new ByteArrayOutputStream(parts.length + 16);
        DataOutputStream m = new DataOutputStream(msg);
        try {
            m.writeByte(ForwardCodec.PARTS);
            m.writeLong(streamId);
            m.writeInt(first);
            m.write(parts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bus.send(requester, msg.toByteArray()).whenComplete((v, e) -> {
            if (e != null) {
                loop.execute(this::lost);
            }
        });
        if (complete) {
            end();
        }
    }

    @Override
    public void writeAndClose(HttpObject msg) {
        write(msg);
        close();
    }

    @Override
    public void close() {
        if (closed || gone) {
            return;
        }
        closed = true;
        try {
            ForwardCodec.encodeClose(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        count++;
        flush();
        if (answered) {
            end();
        }
        fireGone();
    }

    @Override
    public Runnable onGone(Runnable task) {
        goneTasks.add(task);
        return () -> goneTasks.remove(task);
    }

    /** Parts so far, as {@code count | part*}; resets the buffer. */
    private byte[] take() {
        byte[] parts = bytes.toByteArray();
        ByteArrayOutputStream framed = new ByteArrayOutputStream(parts.length + 4);
        DataOutputStream f = new DataOutputStream(framed);
        try {
            f.writeInt(count);
            f.write(parts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytes = new ByteArrayOutputStream(256);
        out = new DataOutputStream(bytes);
        count = 0;
        return framed.toByteArray();
    }

    private void lost() {
        if (gone) {
            return;
        }
        gone = true;
        end();
        fireGone();
    }

    private void end() {
        forget.run();
    }

    private void fireGone() {
        for (Runnable t : List.copyOf(goneTasks)) {
            t.run();
        }
        goneTasks.clear();
    }
}
