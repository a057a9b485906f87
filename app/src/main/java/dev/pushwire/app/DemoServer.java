package dev.pushwire.app;

import dev.pushwire.app.internal.AdminRoutes;
import dev.pushwire.app.internal.DemoHub;
import dev.pushwire.app.internal.DemoMetrics;
import dev.pushwire.core.hub.Hub;
import dev.pushwire.redis.RedisBroker;
import dev.pushwire.redis.RedisNodeBus;
import dev.pushwire.redis.RedisOptions;
import dev.pushwire.redis.RedisPresenceStore;
import dev.pushwire.server.PushwireServer;
import dev.pushwire.websocket.DeflateOptions;

/**
 * The server of {@code pushwire serve}: a {@link PushwireServer} configured from {@link ServeSettings} with the hub
 * ({@code /pushwire}, its API at {@code /api}), health ({@code /health}, {@code /health/live}, {@code /health/ready}),
 * metrics, the admin page when an admin password is set, and the {@link DemoRoutes} unless {@code demo=false}. Tests and benchmarks can run it in-process the same way the command does.
 *
 * <p>Threading: {@link #start} and {@link #stop} may be called from any thread, once each.
 */
public final class DemoServer implements AutoCloseable {
    private final PushwireServer server;
    /** The demo routes, or null with {@code demo=false}. */
    private final DemoRoutes routes;
    /** The meter registry behind {@code /metrics} and the admin page, or null with both off. */
    private final DemoMetrics metrics;
    private final Hub hub;
    /** The admin page, or null without an admin password. */
    private final AdminRoutes admin;
    private final ServeSettings settings;
    /** This node's id (the setting, or random). */
    private final String nodeId;
    /** The cluster bus of HTTP sessions, or null (a single node). */
    private final RedisNodeBus bus;

    private DemoServer(PushwireServer server, DemoRoutes routes, DemoMetrics metrics, Hub hub, AdminRoutes admin,
                       ServeSettings settings, String nodeId, RedisNodeBus bus) {
        this.bus = bus;
        this.server = server;
        this.routes = routes;
        this.metrics = metrics;
        this.hub = hub;
        this.admin = admin;
        this.settings = settings;
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
                .abuseLimits(settings.abuseLimits())
                .handshakeTimeout(settings.handshakeTimeout())
                .maxRequestHeaderBytes(settings.maxRequestHeaderBytes())
                .maxRequestBodyBytes(settings.maxRequestBodyBytes())
                .ioThreads(settings.ioThreads())
                .ioTransport(settings.ioTransport())
                .allowedOrigins(settings.allowedOrigins())
                .deflate(settings.deflate() ? DeflateOptions.builder().build() : DeflateOptions.DISABLED)
                .shutdownTimeout(settings.shutdownTimeout());
        if (settings.tlsCert().isPresent() && settings.tlsKey().isPresent()) {
            builder.tls(settings.tlsCert().get(), settings.tlsKey().get());
        }
        String nodeId = settings.nodeId().isEmpty() ? RedisOptions.randomNodeId() : settings.nodeId();
        boolean adminOn = !settings.adminPassword().isEmpty();
        // the admin page reads its figures from the registry, so it has one even with /metrics off
        DemoMetrics metrics = settings.metrics() || adminOn ? DemoMetrics.create(nodeId) : null;
        if (metrics != null) {
            builder.meterRegistry(metrics.registry());
        }
        RedisBroker broker = null;
        RedisPresenceStore presence = null;
        RedisNodeBus bus = null;
        if (!settings.broker().equals("memory")) {
            // fails here, before binding, if a Redis shard cannot be reached
            broker = RedisBroker.create(RedisOptions.parse(settings.broker()).toBuilder().nodeId(nodeId)
                    .presenceTtl(settings.presenceTtl()).build());
            try {
                // HTTP sessions across nodes: the cluster bus on the first Redis of the list (docs/scaling.md)
                bus = RedisNodeBus.builder(broker).build();
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
            presence = RedisPresenceStore.sharing(broker);
            builder.nodeBus(bus);
        }
        PushwireServer server = builder.build();
        DemoRoutes routes = null;
        Hub hub;
        if (settings.demo()) {
            routes = DemoRoutes.install(server, settings, broker, presence);
            hub = routes.hub();
        } else {
            hub = DemoHub.create(settings, broker, presence);
            DemoHub.mount(server, hub, settings.apiKey());
        }
        server.healthRoutes("/health");
        if (metrics != null && broker != null) {
            RedisBroker b = broker;
            io.micrometer.core.instrument.Gauge.builder("pushwire.broker.available", b, x -> x.isAvailable() ? 1 : 0)
                    .description("1 while every Redis shard is connected and answering, else 0")
                    .register(metrics.registry());
            io.micrometer.core.instrument.Gauge.builder("pushwire.broker.channels", b, RedisBroker::subscribedChannels)
                    .description("channels this node receives from Redis").register(metrics.registry());
        }
        if (metrics != null && settings.metrics()) {
            server.metricsRoute("/metrics", metrics.registry());
        }
        AdminRoutes admin = adminOn ? AdminRoutes.install(server, hub, metrics.registry(), settings, nodeId) : null;
        try {
            server.start();
        } catch (RuntimeException e) {
            if (admin != null) {
                admin.close();
            }
            if (routes != null) {
                routes.close();
            } else {
                hub.close();
            }
            if (bus != null) {
                bus.close();
            }
            if (metrics != null) {
                metrics.close();
            }
            throw e;
        }
        return new DemoServer(server, routes, metrics, hub, admin, settings, nodeId, bus);
    }

    /** The hub at {@code /pushwire}. */
    public Hub hub() {
        return hub;
    }

    /**
     * Drains the server over the {@code drain-period} setting (see {@link PushwireServer#drain}); SIGTERM and the
     * admin page's drain call it before {@link #stop()}.
     */
    public java.util.concurrent.CompletableFuture<Void> drain() {
        return server.drain(settings.drainPeriod());
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.port();
    }

    /** This node's id: the {@code node-id} setting, or a random one. */
    public String nodeId() {
        return nodeId;
    }

    /** The demo routes, e.g. for their hub; null with {@code demo=false}. */
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
                if (admin != null) {
                    admin.close();
                }
                if (routes != null) {
                    routes.close();
                } else {
                    hub.close();
                }
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
