package dev.pushwire.core;

/**
 * Told once when a message has been written to the socket, or has failed.
 * Runs on the connection's event loop: it must not block.
 */
@FunctionalInterface
public interface SendCallback {
    /**
     * @param error {@code null} when the message was written; otherwise why it was not (for example the
     *              connection closed before it could be written)
     */
    void onComplete(Throwable error);
}
