package dev.pushwire.server.internal;

import dev.pushwire.server.internal.http.HttpTransports;
import dev.pushwire.server.internal.security.SecurityChecks;

/**
 * What the per-channel handlers of one server share: settings, routes, open connections, the emulated transports
 * and whether the server is stopping. Thread safe (immutable references; {@code stopping} is volatile).
 */
public final class ServerContext {
    private final ServerSettings settings;
    private final Routes routes;
    private final ConnectionRegistry registry;
    private final HttpTransports httpTransports;
    private final TlsSupport tls;
    private final SecurityChecks security;
    /** Set once by the stopping thread; read by event loops. */
    private volatile boolean stopping;

    public ServerContext(ServerSettings settings, Routes routes, ConnectionRegistry registry,
                         HttpTransports httpTransports, TlsSupport tls, SecurityChecks security) {
        this.settings = settings;
        this.routes = routes;
        this.registry = registry;
        this.httpTransports = httpTransports;
        this.tls = tls;
        this.security = security;
    }

    /** Origins, per-address and rate limits (docs/security.md). */
    public SecurityChecks security() {
        return security;
    }

    public ServerSettings settings() {
        return settings;
    }

    public Routes routes() {
        return routes;
    }

    public ConnectionRegistry registry() {
        return registry;
    }

    public HttpTransports httpTransports() {
        return httpTransports;
    }

    /** TLS, or null for plain TCP. */
    public TlsSupport tls() {
        return tls;
    }

    public boolean stopping() {
        return stopping;
    }

    void markStopping() {
        stopping = true;
    }
}
