package dev.pushwire.server;

import dev.pushwire.core.Connection;

/**
 * Called once for each connection an endpoint accepts, like {@code ws}'s {@code 'connection'} event. Add listeners
 * here ({@code conn.onMessage(...)}): messages are delivered only after this returns, so none is missed.
 *
 * <p>Threading: runs on the connection's event loop; it must not block.
 */
@FunctionalInterface
public interface ConnectionHandler {
    /** A new open connection. An exception thrown here closes the connection with 1011. */
    void onConnection(Connection connection);
}
