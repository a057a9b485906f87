package dev.pushwire.core.internal.session;

/**
 * A request broke the session protocol. Carries a stable error code (the {@code error} of the JSON error body, see
 * docs/protocol.md) and an HTTP status; the message says what was wrong and what to do.
 */
public final class SessionException extends Exception {
    private static final long serialVersionUID = 1L;

    /** 400: {@code ack} is beyond the last message the server delivered. */
    public static final String BAD_ACK = "bad_ack";
    /** 400: a POST's {@code seq} skips client sequence numbers the server has not received. */
    public static final String SEQUENCE_GAP = "sequence_gap";
    /** 413: one message in a POST is larger than the endpoint's maxMessageBytes (the session closes with 1009). */
    public static final String MESSAGE_TOO_BIG = "message_too_big";
    /** 400: the body is not the JSON the protocol asks for. */
    public static final String BAD_BODY = "bad_body";

    private final String error;
    private final int status;

    public SessionException(String error, int status, String message) {
        super(message, null, false, false);
        this.error = error;
        this.status = status;
    }

    /** The stable error code, e.g. {@code bad_ack}. */
    public String error() {
        return error;
    }

    /** The HTTP status to answer with. */
    public int status() {
        return status;
    }
}
