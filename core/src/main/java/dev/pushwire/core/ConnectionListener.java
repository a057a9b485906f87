package dev.pushwire.core;

/**
 * Events of one {@link Connection}. Every method has a no-op default, so implement only what you need.
 *
 * <p>Threading: every callback runs on the connection's I/O thread (its Netty event loop), one at a time and
 * in order. Callbacks must not block; hand long work to an executor of your own. An exception thrown by a
 * callback is logged and reported to {@link #onError}; it does not close the connection.
 */
public interface ConnectionListener {
    /** The connection is open (for a client: the handshake completed). */
    default void onOpen(Connection connection) {
    }

    /** A whole message arrived (fragments are joined; text is validated UTF-8). */
    default void onMessage(Connection connection, Message message) {
    }

    /** A ping arrived; a pong with the same payload has already been sent. */
    default void onPing(Connection connection, byte[] payload) {
    }

    /** A pong arrived (an answer to {@link Connection#ping} or an unsolicited one). */
    default void onPong(Connection connection, byte[] payload) {
    }

    /** Something went wrong: a protocol violation by the peer, an I/O error, or a callback that threw. */
    default void onError(Connection connection, Throwable error) {
    }

    /**
     * {@link Connection#isWritable()} changed: false when the bytes waiting to be sent passed the high water mark,
     * true when they fell back to the low water mark. Not called once the connection is closing.
     */
    default void onWritabilityChanged(Connection connection, boolean writable) {
    }

    /** The connection is closed; called exactly once, last. */
    default void onClose(Connection connection, CloseEvent event) {
    }
}
