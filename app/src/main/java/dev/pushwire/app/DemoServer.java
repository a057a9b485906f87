package dev.pushwire.app;

import dev.pushwire.app.internal.DemoMetrics;
import dev.pushwire.redis.RedisBroker;
import dev.pushwire.redis.RedisNodeBus;
import dev.pushwire.redis.RedisOptions;
import dev.pushwire.redis.RedisPresenceStore;
import dev.pushwire.server.PushwireServer;
import dev.pushwire.websocket.DeflateOptions;

/**
 * The demo server of {@code pushwire serve}: a {@link PushwireServer} configured from {@link ServeSettings} with the
 * {@link DemoRoutes}. Tests and benchmarks can run it in-process the same way the command does.
 *
 * <p>Threading: {@link #start} and {@link #stop} may be called from any thread, once each.
 */
public final class DemoServer implements AutoCloseable {
    private final PushwireServer server;
    private final DemoRoutes routes;
    /** The meter registry behind {@code /metrics}, or null with metrics off. */
    private final DemoMetrics metrics;
    /** This node's id (the setting, or random). */
    private final String nodeId;
    /** The cluster bus of HTTP sessions, or null (a single node). */
    private final RedisNodeBus bus;

    private DemoServer(PushwireServer server, DemoRoutes routes, DemoMetrics metrics, String nodeId,
                       RedisNodeBus bus) {
        this.bus = bus;
        this.server = server;
        this.routes = routes;
        this.metrics = metrics;
        this.nodeId = nodeId;
    }

    /**
     * Builds the server, adds the demo routes and binds.
     *
     * @throws RuntimeException from {@link PushwireServer#start()} if the port is taken or TLS files are bad
     */
    public static DemoServer start(ServeSettings settings) {
        PushwireServer.Builder builder = PushwireServer.builder()
                .host(settings.host())
                .port(settings.port())
                .limits(settings.limits())
                .http(settings.http())
                .maxConnections(settings.maxConnections())
                .handshakeTimeout(settings.handshakeTimeout())
                .maxRequestHeaderBytes(settings.maxRequestHeaderBytes())
                .maxRequestBodyBytes(settings.maxRequestBodyBytes())
                .ioThreads(settings.ioThreads())
                .allowedOrigins(settings.allowedOrigins())
                .deflate(settings.deflate() ? DeflateOptions.builder().build() : DeflateOptions.DISABLED)
                .shutdownTimeout(settings.shutdownTimeout());
        if (settings.tlsCert().isPresent() && settings.tlsKey().isPresent()) {
            builder.tls(settings.tlsCert().get(), settings.tlsKey().get());
        }
        String nodeId = settings.nodeId().isEmpty() ? RedisOptions.randomNodeId() : settings.nodeId();
        DemoMetrics metrics = settings.metrics() ? DemoMetrics.create(nodeId) : null;
        if (metrics != null) {
            builder.meterRegistry(metrics.registry());
        }
        RedisNodeBus bus = null;
        if (!settings.broker().equals("memory")) {
            // HTTP sessions across nodes: the cluster bus on the first Redis of the list (docs/scaling.md)
            bus = RedisNodeBus.builder(settings.broker().split(",")[0].trim()).nodeId(nodeId).build();
            builder.nodeBus(bus);
        }
        PushwireServer server = builder.build();
        RedisBroker broker = null;
        RedisPresenceStore presence = null;
        if (!settings.broker().equals("memory")) {
            // fails here, before binding, if a Redis shard cannot be reached
            broker = RedisBroker.create(RedisOptions.parse(settings.broker()).toBuilder().nodeId(nodeId)
                    .presenceTtl(settings.presenceTtl()).build());
            presence = RedisPresenceStore.sharing(broker);
        }
        DemoRoutes routes = DemoRoutes.install(server, settings.tickInterval(), settings.apiKey(),
                settings.tokenSecret(), broker, presence);
        if (metrics != null) {
            server.metricsRoute("/metrics", metrics.registry());
        }
        try {
            server.start();
        } catch (RuntimeException e) {
            routes.close();
            if (bus != null) {
                bus.close();
            }
            if (metrics != null) {
                metrics.close();
            }
            throw e;
        }
        return new DemoServer(server, routes, metrics, nodeId, bus);
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.port();
    }

    /** This node's id: the {@code node-id} setting, or a random one. */
    public String nodeId() {
        return nodeId;
    }

    /** The demo routes, e.g. for their hub. */
    public DemoRoutes routes() {
        return routes;
    }

    /** The underlying server, e.g. to add routes. */
    public PushwireServer server() {
        return server;
    }

    /** Graceful stop: close 1001 to everyone, wait up to the shutdown timeout; then stops the ticker. */
    public void stop() {
        try {
            server.stop();
        } finally {
            try {
                routes.close();
            } finally {
                if (metrics != null) {
                    metrics.close();
                }
                if (bus != null) {
                    bus.close();
                }
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
