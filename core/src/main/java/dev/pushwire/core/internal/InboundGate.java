package dev.pushwire.core.internal;

import dev.pushwire.core.Connection;
import dev.pushwire.core.Message;

/**
 * Decides, before any listener sees it, whether a message a peer sent is delivered (a rate limit). A transport given
 * one asks it for every inbound message; a message it refuses reaches no listener. The gate may close the connection.
 *
 * <p>Threading: called on the connection's I/O thread, one message at a time; must not block.
 */
@FunctionalInterface
public interface InboundGate {
    /** @return true to deliver {@code message} to the listeners, false to drop it */
    boolean admit(Connection connection, Message message);
}
