package dev.pushwire.core;

/**
 * How a connection ended.
 *
 * @param code   the close code (see {@link CloseCode}); {@code 1005} when the peer sent a close frame with no
 *               code, {@code 1006} when the connection dropped without a close handshake
 * @param reason the close reason, possibly empty, never null
 * @param remote true when the peer started the close (or the connection dropped); false when this side did
 * @param clean  true when the close handshake completed (both close frames exchanged)
 */
public record CloseEvent(int code, String reason, boolean remote, boolean clean) {
    public CloseEvent {
        reason = reason == null ? "" : reason;
    }

    /** The {@link CloseCode} value for {@link #code()}. */
    public CloseCode closeCode() {
        return CloseCode.of(code);
    }
}
