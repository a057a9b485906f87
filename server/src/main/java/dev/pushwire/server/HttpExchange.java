package dev.pushwire.server;

import dev.pushwire.core.HandshakeRequest;
import java.util.Map;

/**
 * One HTTP request and its (single) response.
 *
 * <p>Threading: every method may be called from any thread. {@link #respond} may be called later, e.g. when a
 * held long-poll has data. Only the first {@code respond} counts; later calls return false.
 */
public interface HttpExchange {
    /** The request method, e.g. {@code GET}. */
    String method();

    /** The request line, headers, query and cookies. */
    HandshakeRequest request();

    /** The request body (empty for none). Bodies over the server's {@code maxRequestBodyBytes} got 413 instead. */
    byte[] body();

    /** Sends the response with a {@code Content-Type}. Returns false if a response was already sent. */
    boolean respond(int status, String contentType, byte[] body);

    /** Sends the response with the given headers (name to value). Returns false if a response was already sent. */
    boolean respond(int status, Map<String, String> headers, byte[] body);

    /** Whether a response was sent (or the client went away). */
    boolean isDone();

    /**
     * Runs {@code callback} if the client closes the connection before a response was sent (on the event loop).
     * Runs at once if it already has.
     */
    void onClose(Runnable callback);
}
