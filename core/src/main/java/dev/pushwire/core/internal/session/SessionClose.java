package dev.pushwire.core.internal.session;

import dev.pushwire.core.CloseCode;

/**
 * Why a session ended, as told to the client (the {@code close} object of the wire protocol).
 *
 * @param code     a close code from {@link CloseCode}'s vocabulary
 * @param reason   a short human-readable reason, never null
 * @param received the highest client seq the server applied before closing, so the client knows which of its
 *                 messages to send again on a new session; {@code -1} when unknown
 */
public record SessionClose(int code, String reason, long received) {
    public SessionClose {
        reason = reason == null ? "" : reason;
    }

    /** A close whose {@code received} is not known yet. */
    public SessionClose(int code, String reason) {
        this(code, reason, -1);
    }

    /** A close with a known code. */
    public static SessionClose of(CloseCode code, String reason) {
        return new SessionClose(code.code(), reason);
    }

    /** This close, telling the client how far its messages were applied. */
    public SessionClose withReceived(long highestApplied) {
        return new SessionClose(code, reason, highestApplied);
    }
}
