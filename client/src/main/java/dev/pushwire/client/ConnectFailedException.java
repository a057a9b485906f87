package dev.pushwire.client;

/**
 * The WebSocket connection could not be opened. {@link #reason()} says which step failed; for a refused upgrade
 * {@link #status()} and {@link #responseBody()} hold the server's answer. The message says what happened and names
 * the URI, e.g. {@code ws://localhost:8080/chat: the server refused the upgrade with HTTP 401 Unauthorized: {"error":...}}.
 *
 * <p>Delivered to {@code onError} listeners (followed by {@code onClose} with 1006) and thrown by
 * {@link PushwireClient#awaitOpen}.
 */
public final class ConnectFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Which step of opening failed. */
    public enum Reason {
        /** The host name could not be resolved. */
        UNKNOWN_HOST,
        /** Nothing listens on the port (TCP connection refused or reset while connecting). */
        REFUSED,
        /** The TCP connection did not open within {@link ClientOptions#connectTimeout()}. */
        CONNECT_TIMEOUT,
        /** The TLS handshake failed (untrusted certificate, wrong host name, no common cipher, ...). */
        TLS,
        /** No {@code 101} answer within {@link ClientOptions#handshakeTimeout()}. */
        HANDSHAKE_TIMEOUT,
        /** The server answered the upgrade with another HTTP status; see {@link #status()} and {@link #responseBody()}. */
        REJECTED,
        /** The server answered {@code 101} but the answer broke RFC 6455 (bad accept key, unoffered subprotocol, ...). */
        INVALID_HANDSHAKE,
        /** The connection closed or failed during the handshake. */
        IO,
        /** {@link PushwireClient#close} or {@code terminate} was called before the connection opened. */
        ABORTED,
        /** {@link PushwireClient#awaitOpen} gave up waiting; the attempt itself goes on until its own timeouts. */
        AWAIT_TIMEOUT
    }

    private final Reason reason;
    private final int status;
    private final String responseBody;

    /** A failure with no HTTP answer. */
    public ConnectFailedException(Reason reason, String message, Throwable cause) {
        this(reason, message, 0, "", cause);
    }

    /** A failure; {@code status} is 0 and {@code responseBody} empty when there was no HTTP answer. */
    public ConnectFailedException(Reason reason, String message, int status, String responseBody, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.status = status;
        this.responseBody = responseBody == null ? "" : responseBody;
    }

    /** Which step failed. */
    public Reason reason() {
        return reason;
    }

    /** The HTTP status of a refused upgrade ({@link Reason#REJECTED}, {@link Reason#INVALID_HANDSHAKE}); else 0. */
    public int status() {
        return status;
    }

    /** The start of a refused upgrade's response body (decoded as UTF-8, at most the configured bytes); else empty. */
    public String responseBody() {
        return responseBody;
    }
}
