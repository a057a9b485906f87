package dev.pushwire.server.internal;

import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionListener;
import dev.pushwire.server.ConnectionHandler;

/**
 * {@link dev.pushwire.server.EndpointOptions#pauseReadingWhileUnwritable()}: pauses a connection's reading while it
 * is not writable and resumes it when it drains to the low water mark. Stateless, one instance for all.
 */
final class PauseReadingWhileUnwritable implements ConnectionListener {
    static final PauseReadingWhileUnwritable INSTANCE = new PauseReadingWhileUnwritable();

    private PauseReadingWhileUnwritable() {
    }

    /** {@code handler}, with each connection given this listener before the handler sees it. */
    static ConnectionHandler around(ConnectionHandler handler) {
        return connection -> {
            connection.addListener(INSTANCE);
            handler.onConnection(connection);
        };
    }

    @Override
    public void onWritabilityChanged(Connection connection, boolean writable) {
        if (writable) {
            connection.resumeReading();
        } else {
            connection.pauseReading();
        }
    }
}
