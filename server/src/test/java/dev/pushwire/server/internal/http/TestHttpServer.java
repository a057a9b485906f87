package dev.pushwire.server.internal.http;

import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.server.EndpointOptions;
import dev.pushwire.server.HttpTransportOptions;
import dev.pushwire.server.PushwireServer;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/** A real {@link PushwireServer} on a free loopback port, with the HTTP transport settings a test needs. */
final class TestHttpServer implements AutoCloseable {
    private final PushwireServer server;

    TestHttpServer(HttpTransportOptions options, List<String> allowedOrigins) {
        this(PushwireServer.builder().http(options).allowedOrigins(allowedOrigins));
    }

    /** A server from {@code builder}, on a free loopback port. */
    TestHttpServer(PushwireServer.Builder builder) {
        server = builder.host("127.0.0.1").port(0).shutdownTimeout(java.time.Duration.ofSeconds(1)).build().start();
    }

    TestHttpServer endpoint(String path, ConnectionLimits limits, Consumer<Connection> handler) {
        server.endpoint(path, EndpointOptions.builder().limits(limits).build(), handler::accept);
        return this;
    }

    int port() {
        return server.port();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** The open connections (HTTP sessions included). */
    Collection<Connection> connections() {
        return server.connections();
    }

    @Override
    public void close() {
        server.stop();
    }
}
