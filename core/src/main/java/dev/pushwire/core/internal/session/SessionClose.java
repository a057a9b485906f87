package dev.pushwire.core.internal.session;

import dev.pushwire.core.CloseCode;

/**
 * Why a session ended, as told to the client (the {@code close} object of the wire protocol).
 *
 * @param code   a close code from {@link CloseCode}'s vocabulary
 * @param reason a short human-readable reason, never null
 */
public record SessionClose(int code, String reason) {
    public SessionClose {
        reason = reason == null ? "" : reason;
    }

    /** A close with a known code. */
    public static SessionClose of(CloseCode code, String reason) {
        return new SessionClose(code.code(), reason);
    }
}
