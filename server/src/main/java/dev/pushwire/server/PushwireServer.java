package dev.pushwire.server;

import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.core.Message;
import dev.pushwire.server.internal.ConnectionRegistry;
import dev.pushwire.server.internal.Drain;
import dev.pushwire.server.internal.HealthRoutes;
import dev.pushwire.server.internal.NettyServer;
import dev.pushwire.server.internal.OperationsMeters;
import dev.pushwire.server.internal.PrometheusRoute;
import dev.pushwire.server.internal.Routes;
import dev.pushwire.server.internal.ServerMeters;
import dev.pushwire.server.internal.ServerSettings;
import dev.pushwire.websocket.DeflateOptions;
import dev.pushwire.websocket.internal.LeakDetection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A WebSocket and HTTP server on Netty: WebSocket endpoints per path, plain HTTP routes and static files from the
 * class path, all on one port.
 *
 * <pre>{@code
 * PushwireServer server = PushwireServer.builder().port(8080).build();
 * server.endpoint("/echo", conn -> conn.onMessage(msg -> conn.send(msg, null)));
 * server.start();
 * }</pre>
 *
 * <h2>Life</h2>
 * {@link #start()} binds (and throws if the port is taken); {@link #stop()} closes every WebSocket with 1001,
 * waits up to {@code shutdownTimeout} for the close handshakes, drops what is left and releases the threads.
 * A server starts at most once. Endpoints, HTTP routes and static mounts may be added before or after start.
 *
 * <h2>Routing</h2>
 * A request whose path is a WebSocket endpoint and which asks for {@code Upgrade: websocket} is a handshake.
 * Otherwise the HTTP route for the exact path answers, then the static mount with the longest matching prefix;
 * a plain request to an endpoint path with neither gets 426; anything else 404. Errors are JSON
 * {@code {"error": "<stable_code>", "message": "..."}} (see docs/websocket.md for every status).
 *
 * <h2>Metrics</h2>
 * Given a Micrometer registry ({@link Builder#meterRegistry}), the server reports open connections by transport,
 * opens and closes by close code, messages and bytes, HTTP errors and rejected upgrades, and the meters of every
 * hub mounted with {@link #hub}; {@link #metricsRoute} serves a Prometheus registry as text. Every meter is listed
 * in docs/operations.md. Without a registry nothing is counted.
 *
 * <h2>Threading</h2>
 * Every method is thread safe. Handlers and listeners run on Netty event loops (native epoll where available, NIO
 * otherwise) and must not block.
 */
public final class PushwireServer implements AutoCloseable {
    static {
        LeakDetection.offUnlessConfigured();
    }

    private final ServerSettings settings;
    private final Routes routes = new Routes();
    private final ConnectionRegistry registry;
    private final ServerMeters meters;
    /** Guarded by {@code this}. */
    private NettyServer running;
    /** Guarded by {@code this}. */
    private boolean startedOnce;
    /** Delivery latency, lag, refusals; null without a meter registry. */
    private final OperationsMeters operations;
    /** The hubs mounted with {@link #hub}, by path, for readiness. */
    private final Map<String, dev.pushwire.core.hub.Hub> hubs = new ConcurrentHashMap<>();
    /** Guarded by {@code this}: the drain in progress or done, or null. */
    private CompletableFuture<Void> drain;

    private PushwireServer(ServerSettings settings) {
        this.settings = settings;
        this.meters = settings.meterRegistry() == null ? ServerMeters.NONE : new ServerMeters(settings.meterRegistry());
        this.registry = new ConnectionRegistry(settings.maxConnections(), meters);
        this.operations = settings.meterRegistry() == null ? null
                : new OperationsMeters(settings.meterRegistry());
        registry.operations(operations);
        if (settings.meterRegistry() != null) {
            dev.pushwire.server.internal.FlowMeters.register(settings.meterRegistry(), registry);
        }
    }

    /** A builder with the documented defaults (port 8080 on all interfaces). */
    public static Builder builder() {
        return new Builder();
    }

    /** Serves WebSocket connections on {@code path} with {@link EndpointOptions#DEFAULT}. */
    public PushwireServer endpoint(String path, ConnectionHandler handler) {
        return endpoint(path, EndpointOptions.DEFAULT, handler);
    }

    /** Serves WebSocket connections on {@code path} (exact match, e.g. {@code /chat}); replaces an earlier one. */
    public PushwireServer endpoint(String path, EndpointOptions options, ConnectionHandler handler) {
        routes.addEndpoint(checkPath(path), Objects.requireNonNull(options, "options"),
                Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /** Answers plain HTTP requests (any method) on {@code path} (exact match); replaces an earlier route. */
    public PushwireServer http(String path, HttpHandler handler) {
        routes.addHttp(checkPath(path), Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /**
     * Serves a {@link dev.pushwire.core.hub.Hub}'s protocol (channels, history, presence; docs/hub.md) on
     * {@code path}, e.g. {@code /pushwire}. Same as {@code endpoint(path, hub::accept)}.
     */
    public PushwireServer hub(String path, dev.pushwire.core.hub.Hub hub) {
        HubEndpoints.mount(this, path, hub);
        return this;
    }

    /** Registers a mounted hub's meters (tag {@code endpoint}) when the server has a registry. */
    void bindHubMeters(String path, dev.pushwire.core.hub.Hub hub) {
        hubs.put(path, hub);
        meters.bindHub(path, hub.stats());
        if (operations != null) {
            hub.observe(operations);
        }
    }

    /**
     * Serves health for orchestrators, all JSON and never cached: {@code base} ({@code {"status":"up"}}, as
     * before), {@code base/live} (200 while the process answers) and {@code base/ready} (200 while the server takes
     * connections; 503 with {@code "reasons"} while it is draining, not running, or a hub mounted with {@link #hub}
     * cannot reach its broker). E.g. {@code healthRoutes("/health")}.
     */
    public PushwireServer healthRoutes(String base) {
        String root = checkPath(base).endsWith("/") ? base.substring(0, base.length() - 1) : base;
        http(root.isEmpty() ? "/" : root, HealthRoutes.live());
        http(root + "/live", HealthRoutes.live());
        http(root + "/ready", HealthRoutes.ready(this::notReadyReasons));
        return this;
    }

    /** Whether the server takes new connections: running, not draining, and every mounted hub's broker reachable. */
    public boolean isReady() {
        return notReadyReasons().isEmpty();
    }

    /** Why the server is not ready ({@code stopped}, {@code draining}, {@code broker_unavailable:/path}); empty if it is. */
    public List<String> notReadyReasons() {
        List<String> reasons = new ArrayList<>();
        if (!isRunning()) {
            reasons.add("stopped");
        }
        if (isDraining()) {
            reasons.add("draining");
        }
        hubs.forEach((path, hub) -> {
            if (!hub.isBrokerAvailable()) {
                reasons.add("broker_unavailable:" + path);
            }
        });
        return reasons;
    }

    /**
     * Drains the server before a restart: from now on it is not ready ({@link #isReady()}, {@code /health/ready}
     * 503) and refuses new connections (503 {@code draining}); the open ones are closed with 1001 and a reason
     * telling clients to reconnect at a random moment within {@code period} (see {@link dev.pushwire.core.DrainNotice};
     * pushwire.js and the Java clients do), spread evenly over {@code period} in random order, so that a deploy
     * does not bring every client back in the same second. The server keeps running (health, metrics, the publish
     * API answer) until {@link #stop()}.
     *
     * <p>Calling it again returns the drain already under way. Does not block.
     *
     * @return completes when every connection has closed, or the shutdown timeout after the last close was sent
     * @throws IllegalStateException if the server is not running
     */
    public synchronized CompletableFuture<Void> drain(Duration period) {
        Objects.requireNonNull(period, "period");
        if (period.isNegative()) {
            throw new IllegalArgumentException("the drain period must not be negative, was " + period);
        }
        if (drain == null) {
            if (running == null) {
                throw new IllegalStateException("the server is not running");
            }
            drain = Drain.start(registry, period, settings.shutdownTimeout());
        }
        return drain;
    }

    /** Whether {@link #drain} was called: the server refuses new connections and is not ready. */
    public boolean isDraining() {
        return registry.isDraining();
    }

    /**
     * Serves a scrape of {@code registry} on {@code path} (exact match), e.g. {@code /metrics}: a GET gets the
     * Prometheus text format ({@code text/plain; version=0.0.4}), or OpenMetrics when its {@code Accept} header asks
     * for {@code application/openmetrics-text}; other methods get 405. The registry is usually the one given to
     * {@link Builder#meterRegistry}, with whatever JVM meters the application binds to it. The route is open to
     * anyone who can reach the port: serve it on an internal interface or behind a proxy that restricts it.
     *
     * <p>The scrape runs on the request's event loop (it reads every meter; it does not block).
     */
    public PushwireServer metricsRoute(String path, PrometheusMeterRegistry registry) {
        return http(path, new PrometheusRoute(Objects.requireNonNull(registry, "registry")));
    }

    /**
     * Serves a hub's HTTP publish API under {@code root} ({@code root/publish}, {@code /broadcast}, {@code /history},
     * {@code /presence}, {@code /channels}); every call needs {@code apiKey} in the {@code X-API-Key} header.
     */
    public PushwireServer hubApi(String root, dev.pushwire.core.hub.Hub hub, String apiKey) {
        HubEndpoints.mountApi(this, root, hub, apiKey);
        return this;
    }

    /**
     * Serves files from the class path: a GET for {@code urlPrefix + "x/y.js"} reads resource
     * {@code classpathRoot + "/x/y.js"}; a directory (or the prefix itself) serves its {@code index.html}.
     * Paths with {@code ..} are refused with 400.
     */
    public PushwireServer staticResources(String urlPrefix, String classpathRoot) {
        routes.addStatic(checkPath(urlPrefix), Objects.requireNonNull(classpathRoot, "classpathRoot"));
        return this;
    }

    /**
     * Binds and starts serving. Blocks until bound.
     *
     * @throws IllegalStateException if already started, or binding failed (e.g. the port is taken; the cause says)
     */
    public synchronized PushwireServer start() {
        if (startedOnce) {
            throw new IllegalStateException("the server was already started; build a new one");
        }
        startedOnce = true;
        running = NettyServer.start(settings, routes, registry);
        if (operations != null) {
            operations.probe(running.eventLoops());
        }
        return this;
    }

    /** The bound port (the real one when built with port 0). */
    public synchronized int port() {
        if (running == null) {
            throw new IllegalStateException("the server is not running");
        }
        return running.port();
    }

    /** The socket transport the running server's event loops use (never {@link IoTransport#AUTO}). */
    public synchronized IoTransport ioTransport() {
        if (running == null) {
            throw new IllegalStateException("the server is not running");
        }
        return running.transport().used();
    }

    /** Whether {@link #start()} succeeded and {@link #stop()} was not called. */
    public synchronized boolean isRunning() {
        return running != null;
    }

    /** The open WebSocket connections, a live read-only view. */
    public Collection<Connection> connections() {
        return registry.view();
    }

    /**
     * Sends {@code message} to every open connection of {@code connections}, spread over the event loops at once:
     * the WebSocket connections are grouped by event loop, each loop gets one task for its group, and the message is
     * encoded (UTF-8 and WebSocket frame) once per loop rather than once per connection. The way to fan a message out
     * to many subscribers, like looping over {@code wss.clients} in Node's {@code ws} or {@code io.emit} in
     * Socket.IO, but without a task and an encoding per connection. Any thread; the collection is read once, in its
     * own order, so a concurrent set that changes meanwhile is fine. Connections of other transports (SSE, long
     * polling) and those with permessage-deflate get {@link Connection#send(Message, dev.pushwire.core.SendCallback)}
     * each. As with {@code send} without a callback, a connection past its {@code maxBufferedBytes} is closed as a
     * slow consumer (4000) when its copy is written.
     *
     * @return how many connections it was sent or queued to (those open when it was called)
     */
    public static int broadcast(Message message, Iterable<? extends Connection> connections) {
        return dev.pushwire.websocket.internal.LoopBroadcast.send(message, connections);
    }

    /**
     * Stops gracefully: stops accepting, closes every WebSocket with 1001 ("server shutting down"), waits up to
     * {@code shutdownTimeout} for them to finish the close handshake, drops the rest and releases the event loops.
     * Blocks until done; must not be called from an event loop. Does nothing if not running.
     */
    public void stop() {
        NettyServer r;
        synchronized (this) {
            r = running;
            running = null;
        }
        if (r != null) {
            if (operations != null) {
                operations.stopProbes();
            }
            r.stop();
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private static String checkPath(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a path starts with '/', was \"" + path + "\"");
        }
        return path;
    }

    /** Builds a {@link PushwireServer}; every setter checks its argument. Defaults in {@link ServerSettings}. */
    public static final class Builder {
        private final ServerSettings.Values v = new ServerSettings.Values();

        private Builder() {
        }

        /** The interface to bind; default {@code 0.0.0.0} (all). */
        public Builder host(String host) {
            v.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port; 0 picks a free one ({@link #port()} tells it after start). Default 8080. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, was " + port);
            }
            v.port = port;
            return this;
        }

        /** Per-connection limits, the default for every endpoint. Default {@link ConnectionLimits#DEFAULT}. */
        public Builder limits(ConnectionLimits limits) {
            v.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Open connections (WebSockets and HTTP sessions) at most; further ones get 503 with {@code Retry-After}.
         * Default: the process's file-descriptor limit less a reserve of max(256, 10 %) (logged at start; 10,000 when
         * the JVM cannot read the limit). 0 restores that default.
         */
        public Builder maxConnections(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxConnections must be >= 0 (0: from the fd limit), was " + max);
            }
            v.maxConnections = max;
            return this;
        }

        /**
         * Limits per client address and per connection: connections, message rate, HTTP sessions opened and open,
         * trusted proxies. Default {@link AbuseLimits#DEFAULT}; see docs/security.md.
         */
        public Builder abuseLimits(AbuseLimits limits) {
            v.abuseLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Time a client has to send a whole HTTP request once connected (and between requests on a kept-alive
         * connection); past it the TCP connection is closed. Default 10 s.
         */
        public Builder handshakeTimeout(Duration timeout) {
            v.handshakeTimeout = positive(timeout, "handshakeTimeout");
            return this;
        }

        /** The largest request head (request line and headers); past it 431. Default 8192. */
        public Builder maxRequestHeaderBytes(int bytes) {
            v.maxRequestHeaderBytes = positive(bytes, "maxRequestHeaderBytes");
            return this;
        }

        /** The largest HTTP request body; past it 413. Default 1 MiB. */
        public Builder maxRequestBodyBytes(int bytes) {
            v.maxRequestBodyBytes = positive(bytes, "maxRequestBodyBytes");
            return this;
        }

        /**
         * Origins, besides the server's own, whose pages may open WebSockets and HTTP sessions: exact origins
         * ({@code https://app.example.com}), subdomain wildcards ({@code https://*.example.com}) or {@code *} (any
         * origin, and then CORS without credentials). Empty (the default): the server's own origin only (the
         * request's scheme, {@code Host} and port). Others get 403 {@code origin_not_allowed} and no CORS headers. A
         * request without {@code Origin} (not from a browser's script) is allowed. See docs/security.md.
         *
         * @throws IllegalArgumentException for an entry that is not an origin, a wildcard origin or {@code *}
         */
        public Builder allowedOrigins(List<String> origins) {
            List<String> copy = List.copyOf(origins);
            dev.pushwire.server.internal.security.OriginPolicy.of(copy); // validates
            v.allowedOrigins = copy;
            return this;
        }

        /** permessage-deflate; default {@link DeflateOptions#DISABLED}. */
        public Builder deflate(DeflateOptions deflate) {
            v.deflate = Objects.requireNonNull(deflate, "deflate");
            return this;
        }

        /** Serve {@code wss://} and {@code https://} with this PEM certificate chain and PEM (PKCS#8) key. */
        public Builder tls(Path certificatePem, Path privateKeyPem) {
            if (!Files.isReadable(certificatePem)) {
                throw new IllegalArgumentException("TLS certificate " + certificatePem + " is not readable");
            }
            if (!Files.isReadable(privateKeyPem)) {
                throw new IllegalArgumentException("TLS private key " + privateKeyPem + " is not readable");
            }
            v.tlsCertificate = certificatePem;
            v.tlsPrivateKey = privateKeyPem;
            return this;
        }

        /** How long {@link #stop()} waits for close handshakes. Default 5 s. */
        public Builder shutdownTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "shutdownTimeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("shutdownTimeout must not be negative");
            }
            v.shutdownTimeout = timeout;
            return this;
        }

        /** Decides each WebSocket handshake; default accepts all. */
        public Builder upgradeHook(UpgradeHook hook) {
            v.upgradeHook = Objects.requireNonNull(hook, "upgradeHook");
            v.asyncUpgradeHook = null;
            return this;
        }

        /**
         * Decides each WebSocket handshake and HTTP session opening asynchronously (e.g. asking an auth service);
         * replaces {@link #upgradeHook}. The server waits at most {@link #upgradeHookTimeout}.
         */
        public Builder asyncUpgradeHook(AsyncUpgradeHook hook) {
            v.asyncUpgradeHook = Objects.requireNonNull(hook, "asyncUpgradeHook");
            return this;
        }

        /** How long an {@link AsyncUpgradeHook} may take; past it 503 {@code upgrade_hook_timeout}. Default 5 s. */
        public Builder upgradeHookTimeout(Duration timeout) {
            v.upgradeHookTimeout = positive(timeout, "upgradeHookTimeout");
            return this;
        }

        /**
         * Event-loop threads for connections; 0 (the default) means one per available processor. Not Netty's twice
         * the CPU count: handlers never block a loop, and fewer loops each serve more ready sockets per wake-up
         * (measured in docs/BENCHMARKS.md: about 25 % more echoes per second on 2 cores).
         */
        public Builder ioThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("ioThreads must be >= 0, was " + threads);
            }
            v.ioThreads = threads;
            return this;
        }

        /**
         * The socket transport of the event loops: {@link IoTransport#AUTO} (the default, or what the system
         * property {@value IoTransport#PROPERTY} names) takes io_uring when the kernel offers it, else epoll, else
         * NIO; a transport named here but not available falls back the same way with a warning. The one in use is
         * logged at start.
         */
        public Builder ioTransport(IoTransport transport) {
            v.ioTransport = java.util.Objects.requireNonNull(transport, "transport");
            return this;
        }

        /**
         * Settings of the HTTP transports every endpoint also speaks ({@code ?transport=sse|longpolling|polling},
         * see docs/protocol.md): hold time, linger, heartbeat, session timeout, batch and POST sizes. Default
         * {@link HttpTransportOptions#DEFAULT}.
         */
        public Builder http(HttpTransportOptions options) {
            v.http = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Reports the server's meters (docs/operations.md) to {@code registry}: connections, closes, messages, HTTP
         * errors, and the meters of hubs mounted with {@link PushwireServer#hub}. Default: none, and then nothing
         * is counted. Give each server its own registry, or common tags that tell servers apart: a second server
         * registering the same meters in one registry would be reported as the first.
         *
         * <p>Messages and bytes are counted with adders read at scrape time; nothing Micrometer runs per message.
         */
        public Builder meterRegistry(MeterRegistry registry) {
            v.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * The cluster bus that lets several servers answer each other's HTTP sessions with no sticky sessions
         * (docs/scaling.md): a session's id names the node that holds it, and a request for a session of another
         * node is forwarded to it over the bus. The server starts the bus when it starts (a bus serves one server)
         * and does not close it: the caller does, after {@link #stop()}. Default: a single node, nothing forwarded.
         */
        public Builder nodeBus(dev.pushwire.core.cluster.NodeBus bus) {
            v.nodeBus = Objects.requireNonNull(bus, "bus");
            return this;
        }

        public PushwireServer build() {
            return new PushwireServer(new ServerSettings(v));
        }

        private static int positive(int n, String name) {
            if (n <= 0) {
                throw new IllegalArgumentException(name + " must be > 0, was " + n);
            }
            return n;
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be > 0, was " + d);
            }
            return d;
        }
    }
}
