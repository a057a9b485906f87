package dev.pushwire.server;

/**
 * Answers plain HTTP requests on a route added with {@link PushwireServer#http}.
 *
 * <p>Threading: runs on the request's event loop and must not block. To answer later (a held long-poll), keep the
 * {@link HttpExchange} and call {@link HttpExchange#respond} from any thread when ready.
 */
@FunctionalInterface
public interface HttpHandler {
    /** Handles one request. An exception thrown here answers 500 (unless a response was already sent). */
    void handle(HttpExchange exchange);
}
