package dev.pushwire.client;

import java.util.List;

/**
 * The connection could not be opened. {@link #reason()} says which step failed; for a refused upgrade
 * {@link #status()} and {@link #responseBody()} hold the server's answer. The message says what happened and names
 * the URI, e.g. {@code ws://localhost:8080/chat: the server refused the upgrade with HTTP 401 Unauthorized: {"error":...}}.
 *
 * <p>When several transports were tried ({@link ClientOptions#transports()}) and none opened, one exception reports
 * them all: the message lists what each transport answered, in order ({@code ws://...: no transport could open:
 * websocket: the server refused the upgrade with HTTP 403 ...; sse: the server answered HTTP 403 ...}),
 * {@link #reason()}, {@link #status()} and {@link #responseBody()} are those of the first transport tried (the
 * WebSocket under the default list), and {@link #attempts()} holds each transport's own exception.
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
    /** Each transport's failure when several were tried; empty for a single attempt (then {@link #attempts()} is this). */
    private final List<ConnectFailedException> attempts;

    /** A failure with no HTTP answer. */
    public ConnectFailedException(Reason reason, String message, Throwable cause) {
        this(reason, message, 0, "", cause);
    }

    /** A failure; {@code status} is 0 and {@code responseBody} empty when there was no HTTP answer. */
    public ConnectFailedException(Reason reason, String message, int status, String responseBody, Throwable cause) {
        this(reason, message, status, responseBody, cause, List.of());
    }

    private ConnectFailedException(Reason reason, String message, int status, String responseBody, Throwable cause,
                                   List<ConnectFailedException> attempts) {
        super(message, cause);
        this.reason = reason;
        this.status = status;
        this.responseBody = responseBody == null ? "" : responseBody;
        this.attempts = List.copyOf(attempts);
    }

    /**
     * One failure for several transports tried in order (at least two): reason, status and body of the first, a
     * message that lists each one's answer, the first as cause.
     */
    static ConnectFailedException ofAttempts(String uri, List<String> transports,
                                             List<ConnectFailedException> failures) {
        StringBuilder m = new StringBuilder(uri).append(": no transport could open: ");
        for (int i = 0; i < failures.size(); i++) {
            m.append(i == 0 ? "" : "; ").append(transports.get(i)).append(": ")
                    .append(withoutUri(failures.get(i).getMessage()));
        }
        ConnectFailedException first = failures.get(0);
        return new ConnectFailedException(first.reason, m.toString(), first.status, first.responseBody, first,
                failures);
    }

    /** The same failure again (thrown by {@code awaitOpen} with the caller's stack), keeping its attempts. */
    ConnectFailedException rethrown() {
        return new ConnectFailedException(reason, getMessage(), status, responseBody, this, attempts);
    }

    /** Our messages start with the URI (and, for an HTTP transport, its name in parentheses): drops that. */
    private static String withoutUri(String message) {
        int colon = message == null ? -1 : message.indexOf(": ");
        return colon > 0 && message.substring(0, colon).contains("://") ? message.substring(colon + 2) : message;
    }

    /** Which step failed. */
    public Reason reason() {
        return reason;
    }

    /** The HTTP status of a refused upgrade ({@link Reason#REJECTED}, {@link Reason#INVALID_HANDSHAKE}); else 0. */
    public int status() {
        return status;
    }

    /**
     * Each transport's own failure, in the order they were tried, when several were (see the class comment);
     * a list of just this exception when one transport was tried.
     */
    public List<ConnectFailedException> attempts() {
        return attempts.isEmpty() ? List.of(this) : attempts;
    }

    /** The start of a refused upgrade's response body (decoded as UTF-8, at most the configured bytes); else empty. */
    public String responseBody() {
        return responseBody;
    }
}
