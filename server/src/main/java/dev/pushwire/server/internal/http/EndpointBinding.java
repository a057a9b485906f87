package dev.pushwire.server.internal.http;

import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionLimits;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the HTTP transports need from an endpoint: its path, its per-connection limits and the handler to call with
 * each new session (the same handler its WebSocket connections get).
 *
 * @param path         the endpoint path, e.g. {@code /echo}
 * @param limits       maxMessageBytes and maxBufferedBytes apply to sessions too
 * @param onConnection called on the session's event loop with each new session, before it opens
 */
public record EndpointBinding(String path, ConnectionLimits limits, Consumer<Connection> onConnection) {
    public EndpointBinding {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(onConnection, "onConnection");
    }
}
