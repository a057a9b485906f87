package dev.pushwire.core.internal.session;

import java.util.List;

/**
 * One downstream path of a session: a polling GET answered at once, a held long-polling GET, or an SSE stream.
 * Implemented by the transport; every method is called on the session's {@link SessionScheduler} thread and must
 * not block (write and return).
 */
public interface Receiver {

    /** How the receiver takes messages. */
    enum Mode {
        /** Polling: answered at once with what is queued, possibly nothing. Never attached. */
        POLL,
        /** Long polling: held until something is queued (plus a short linger) or the hold time passes. */
        HOLD,
        /** SSE: stays attached; every message is written as it comes, with heartbeats in between. */
        STREAM
    }

    /** This receiver's mode; constant. */
    Mode mode();

    /**
     * Hands over a batch. For {@link Mode#POLL} and {@link Mode#HOLD} this is the one answer (possibly empty) and
     * the receiver is detached afterwards. For {@link Mode#STREAM} it is called many times.
     *
     * @param batch messages in sequence order, possibly empty
     * @param close non-null when the session ended: this is the last call, and the stream (if any) should end
     */
    void deliver(List<SequencedMessage> batch, SessionClose close);

    /** {@link Mode#STREAM} only: nothing was written for the heartbeat interval; write a heartbeat. */
    default void heartbeat() {
    }

    /**
     * A newer request of the same client took this one's place: answer empty (HOLD) or end the stream (STREAM)
     * without a close. Last call.
     */
    default void replaced() {
        deliver(List.of(), null);
    }

    /** The session was terminated: drop the HTTP connection without an answer. Last call. */
    void abort();
}
