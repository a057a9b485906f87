package dev.pushwire.core.internal.session;

import dev.pushwire.core.Message;
import java.util.ArrayList;
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
    private final List<SessionScheduler> schedulers = new ArrayList<>(4);
    private final List<List<Session>> groups = new ArrayList<>(4);
    private int last = -1;

    /**
     * Adds {@code s} to the sessions to send to (grouped with others on the same thread), if it takes sends (open);
     * returns whether it was added. A session that closes meanwhile fails the send on its thread, as {@code send}.
     */
    public boolean add(Session s) {
        if (!s.takesSends()) {
            return false;
        }
        SessionScheduler scheduler = s.scheduler();
        Object thread = scheduler.thread();
        if (last < 0 || schedulers.get(last).thread() != thread) {
            last = -1;
            for (int i = 0; i < schedulers.size(); i++) {
                if (schedulers.get(i).thread() == thread) {
                    last = i;
                    break;
                }
            }
            if (last < 0) {
                schedulers.add(scheduler);
                groups.add(new ArrayList<>());
                last = schedulers.size() - 1;
            }
        }
        groups.get(last).add(s);
        return true;
    }

    /** Whether no session was added. */
    public boolean isEmpty() {
        return schedulers.isEmpty();
    }

    /** Sends {@code message} to every session added: one task per other thread, the caller's own group inline. */
    public void send(Message message) {
        int here = -1;
        for (int i = 0; i < schedulers.size(); i++) {
            SessionScheduler scheduler = schedulers.get(i);
            if (scheduler.inThread()) {
                here = i;
            } else {
                List<Session> group = groups.get(i);
                scheduler.execute(() -> Session.sendAll(message, group));
            }
        }
        if (here >= 0) {
            Session.sendAll(message, groups.get(here));
        }
    }
}
