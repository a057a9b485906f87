package dev.pushwire.websocket.internal;

import dev.pushwire.core.Connection;
import dev.pushwire.core.Message;
import dev.pushwire.core.internal.GroupsByIdentity;
import dev.pushwire.core.internal.session.Session;
import dev.pushwire.core.internal.session.SessionFanOut;
import io.netty.channel.EventLoop;
import java.util.Objects;

/**
 * One message to many connections, spread over their event loops at once: the connections are grouped by loop, each
 * other loop gets one hand-over for its whole group (encoded once there, written to each, then flushed), and the
 * calling loop's own group, if any, is written last, inline, so that the other loops are already at work. Sending to
 * each connection in turn would instead queue one hand-over per connection of another loop, and leave the calling
 * loop's connections unflushed until it had gone through all of them.
 *
 * <p>Connections whose frames an extension transforms (permessage-deflate), client connections (which mask) and
 * connections of other transports get {@link Connection#send(Message, dev.pushwire.core.SendCallback)} each, but for
 * the HTTP sessions (SSE, long polling), which are grouped by loop the same way ({@link SessionFanOut}).
 *
 * <p>Thread safe: any thread. Per loop, a broadcast keeps its place among the sends the same thread hands over
 * before and after it.
 */
public final class LoopBroadcast {
    private LoopBroadcast() {
    }

    /**
     * Sends {@code message} to every open connection of {@code connections} (read once, in its own order, so it may
     * be a concurrent collection that changes meanwhile); returns how many it was sent or queued to. Like
     * {@code send} without a callback, a connection past its buffered-bytes limit is closed as a slow consumer when
     * its part is written.
     */
    public static int send(Message message, Iterable<? extends Connection> connections) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(connections, "connections");
        message.bytes(); // a text made from a String is encoded here, once, for every loop
        GroupsByIdentity<EventLoop, WebSocketConnection> byLoop = new GroupsByIdentity<>();
        int sent = 0;
        SessionFanOut sessions = null;
        for (Connection c : connections) {
            if (c instanceof WebSocketConnection w && w.takesSharedFrames()) {
                if (!w.isOpen()) {
                    continue;
                }
                byLoop.add(w.channel().eventLoop(), w);
                sent++;
            } else if (c instanceof Session s) { // HTTP sessions: one hand-over per loop too (SessionFanOut)
                if (sessions == null) {
                    sessions = new SessionFanOut();
                }
                if (sessions.add(s)) {
                    sent++;
                }
            } else if (c.send(message, null)) {
                sent++;
            }
        }
        int here = -1;
        for (int i = 0; i < byLoop.size(); i++) {
            EventLoop loop = byLoop.key(i);
            if (loop.inEventLoop()) {
                here = i;
            } else {
                LoopOutbox.of(loop).handOverBroadcast(loop, message, byLoop.group(i));
            }
        }
        if (sessions != null) {
            sessions.send(message);
        }
        if (here >= 0) {
            EventLoop loop = byLoop.key(here);
            LoopOutbox.of(loop).broadcastNow(loop, message, byLoop.group(here));
        }
        return sent;
    }
}
