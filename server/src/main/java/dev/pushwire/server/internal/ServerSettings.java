package dev.pushwire.server.internal;

import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.server.AbuseLimits;
import dev.pushwire.core.cluster.NodeBus;
import dev.pushwire.server.HttpTransportOptions;
import dev.pushwire.server.UpgradeHook;
import dev.pushwire.websocket.DeflateOptions;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The server's settings, fixed at build time. Immutable; defaults are in {@link Values}. */
public final class ServerSettings {
    private final String host;
    private final int port;
    private final ConnectionLimits limits;
    private final int maxConnections;
    private final Duration handshakeTimeout;
    private final int maxRequestHeaderBytes;
    private final int maxRequestBodyBytes;
    private final List<String> allowedOrigins;
    private final DeflateOptions deflate;
    private final Path tlsCertificate;
    private final Path tlsPrivateKey;
    private final Duration shutdownTimeout;
    private final UpgradeHook upgradeHook;
    private final int ioThreads;
    private final dev.pushwire.server.IoTransport ioTransport;
    private final HttpTransportOptions http;
    private final MeterRegistry meterRegistry;
    private final AbuseLimits abuseLimits;
    private final UpgradeDecider decider;
    private final boolean maxConnectionsFromFdLimit;
    private final NodeBus nodeBus;

    public ServerSettings(Values v) {
        host = v.host;
        port = v.port;
        limits = v.limits;
        maxConnectionsFromFdLimit = v.maxConnections <= 0;
        maxConnections = v.maxConnections > 0 ? v.maxConnections
                : dev.pushwire.server.internal.security.Capacity.defaultMaxConnections(
                        dev.pushwire.server.internal.security.Capacity.fileDescriptorLimit());
        handshakeTimeout = v.handshakeTimeout;
        maxRequestHeaderBytes = v.maxRequestHeaderBytes;
        maxRequestBodyBytes = v.maxRequestBodyBytes;
        allowedOrigins = v.allowedOrigins;
        deflate = v.deflate;
        tlsCertificate = v.tlsCertificate;
        tlsPrivateKey = v.tlsPrivateKey;
        shutdownTimeout = v.shutdownTimeout;
        upgradeHook = v.upgradeHook;
        ioThreads = v.ioThreads;
        ioTransport = v.ioTransport;
        http = v.http;
        meterRegistry = v.meterRegistry;
        abuseLimits = v.abuseLimits;
        decider = new UpgradeDecider(v.asyncUpgradeHook != null ? v.asyncUpgradeHook
                : dev.pushwire.server.AsyncUpgradeHook.of(v.upgradeHook), v.upgradeHookTimeout);
        nodeBus = v.nodeBus;
    }

    /** The builder's scratch values, with the defaults. Confined to the builder's thread. */
    public static final class Values {
        public String host = "0.0.0.0";
        public int port = 8080;
        public ConnectionLimits limits = ConnectionLimits.DEFAULT;
        /** 0: follow the file-descriptor limit ({@code security.Capacity}). */
        public int maxConnections;
        public Duration handshakeTimeout = Duration.ofSeconds(10);
        public int maxRequestHeaderBytes = 8192;
        public int maxRequestBodyBytes = 1 << 20;
        public List<String> allowedOrigins = List.of();
        public DeflateOptions deflate = DeflateOptions.DISABLED;
        public Path tlsCertificate;
        public Path tlsPrivateKey;
        public Duration shutdownTimeout = Duration.ofSeconds(5);
        public UpgradeHook upgradeHook = UpgradeHook.ACCEPT_ALL;
        public int ioThreads;
        public dev.pushwire.server.IoTransport ioTransport = dev.pushwire.server.IoTransport.defaultChoice();
        public HttpTransportOptions http = HttpTransportOptions.DEFAULT;
        public MeterRegistry meterRegistry;
        public AbuseLimits abuseLimits = AbuseLimits.DEFAULT;
        public dev.pushwire.server.AsyncUpgradeHook asyncUpgradeHook;
        public Duration upgradeHookTimeout = Duration.ofSeconds(5);
        /** Null: a single node (a local bus, never started). */
        public NodeBus nodeBus;
    }

    /** The upgrade hook (asynchronous or not) with its deadline. */
    public UpgradeDecider decider() {
        return decider;
    }

    /** Per-address, per-connection and HTTP-session limits. */
    public AbuseLimits abuseLimits() {
        return abuseLimits;
    }

    /** Whether {@link #maxConnections()} was derived from the descriptor limit rather than set. */
    public boolean maxConnectionsFromFdLimit() {
        return maxConnectionsFromFdLimit;
    }

    /** The cluster bus given to the builder, or null (a single node). */
    public NodeBus nodeBus() {
        return nodeBus;
    }

    /** The registry the server reports its meters to, or null (no metrics). */
    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public ConnectionLimits limits() {
        return limits;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public int maxRequestHeaderBytes() {
        return maxRequestHeaderBytes;
    }

    public int maxRequestBodyBytes() {
        return maxRequestBodyBytes;
    }

    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    public DeflateOptions deflate() {
        return deflate;
    }

    /** The PEM certificate chain, or null without TLS. */
    public Path tlsCertificate() {
        return tlsCertificate;
    }

    /** The PEM private key, or null without TLS. */
    public Path tlsPrivateKey() {
        return tlsPrivateKey;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    public UpgradeHook upgradeHook() {
        return upgradeHook;
    }

    public int ioThreads() {
        return ioThreads;
    }

    /** The socket transport asked for (resolved at start by {@link EventLoopTransport}). */
    public dev.pushwire.server.IoTransport ioTransport() {
        return ioTransport;
    }

    /** The HTTP transports' settings (SSE, long polling, polling). */
    public HttpTransportOptions http() {
        return http;
    }
}
