package dev.pushwire.core.internal.session;

import dev.pushwire.core.Message;
import dev.pushwire.core.internal.GroupsByIdentity;
import java.util.List;

/**
 * One message to many sessions, one hand-over per thread rather than one per session: the sessions are grouped by
 * their scheduler's thread ({@link SessionScheduler#thread()}); each other thread gets one task that queues the
 * message on each of its sessions and then writes it to their streams, and the calling thread's own group, if any,
 * is done last, inline. Sending to each session in turn would instead queue two tasks per session (the hand-over and
 * the flush that follows it). The message keeps its place among the sends the same thread hands over to a session
 * before and after it.
 *
 * <p>Build one per broadcast: {@link #add} the sessions, then {@link #send} once. Not thread-safe (the caller's);
 * the sessions' part runs on their threads.
 */
public final class SessionFanOut {
    private final GroupsByIdentity<Object, Session> byThread = new GroupsByIdentity<>();

    /**
     * Adds {@code s} to the sessions to send to (grouped with others on the same thread), if it takes sends (open);
     * returns whether it was added. A session that closes meanwhile fails the send on its thread, as {@code send}.
     */
    public boolean add(Session s) {
        if (!s.takesSends()) {
            return false;
        }
        byThread.add(s.scheduler().thread(), s);
        return true;
    }

    /** Whether no session was added. */
    public boolean isEmpty() {
        return byThread.isEmpty();
    }

    /** Sends {@code message} to every session added: one task per other thread, the caller's own group inline. */
    public void send(Message message) {
        List<Session> here = null;
        for (int i = 0; i < byThread.size(); i++) {
            List<Session> group = byThread.group(i);
            SessionScheduler scheduler = group.get(0).scheduler();
            if (scheduler.inThread()) {
                here = group;
            } else {
                scheduler.execute(() -> Session.sendAll(message, group));
            }
        }
        if (here != null) {
            Session.sendAll(message, here);
        }
    }
}
