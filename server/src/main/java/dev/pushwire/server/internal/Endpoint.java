package dev.pushwire.server.internal;

import dev.pushwire.server.ConnectionHandler;
import dev.pushwire.server.EndpointOptions;

/** A WebSocket endpoint: its path, options and handler. Immutable. */
public record Endpoint(String path, EndpointOptions options, ConnectionHandler handler) {
}
