package dev.pushwire.server.internal.security;

import dev.pushwire.core.HandshakeRequest;
import dev.pushwire.core.internal.InboundGate;
import dev.pushwire.server.AbuseLimits;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every security check of one server in one place, so the transports hook in with a line each: origins
 * ({@link OriginPolicy}), client addresses behind trusted proxies ({@link ClientAddress}), connections per address,
 * HTTP sessions per address per minute and in all ({@link ConnectionGate}), and the per-connection message rate
 * ({@link MessageRateGate}). Refusals and rate cuts are counted in {@link SecurityMeters}.
 *
 * <p>Thread safe; built once per server start.
 */
public final class SecurityChecks {
    private final OriginPolicy origins;
    private final ClientAddress addresses;
    private final ConnectionGate gate;
    private final AbuseLimits limits;
    private final SecurityMeters meters;
    private final int maxConnections;

    public SecurityChecks(List<String> allowedOrigins, AbuseLimits limits, int maxConnections,
                          MeterRegistry registry) {
        this.origins = OriginPolicy.of(allowedOrigins);
        this.addresses = new ClientAddress(limits.trustedProxies());
        this.gate = new ConnectionGate(limits, maxConnections);
        this.limits = limits;
        this.meters = new SecurityMeters(registry);
        this.maxConnections = maxConnections;
    }

    /** Lines for the start log: origins, and the limits in force. */
    public List<String> describe() {
        return List.of(origins.describe(),
                "limits: maxConnections " + maxConnections + ", " + (limits.maxConnectionsPerIp() == 0 ? "no limit"
                        : limits.maxConnectionsPerIp()) + " per client address, " + gate.maxSessions()
                        + " HTTP sessions (" + (limits.httpSessionsPerIpPerMinute() == 0 ? "no limit"
                        : limits.httpSessionsPerIpPerMinute() + " a minute") + " per address), "
                        + (limits.messagesPerSecond() == 0 ? "no message rate limit"
                        : rate(limits.messagesPerSecond()) + " messages/s per connection (bursts of "
                        + limits.messageBurst() + ", then 4008)")
                        + (addresses.trustsProxies() ? ", X-Forwarded-For from " + limits.trustedProxies()
                        : ", X-Forwarded-For ignored (no trusted proxy)"));
    }

    /** The meters, for refusals counted elsewhere (capacity). */
    public SecurityMeters meters() {
        return meters;
    }

    /** The origin check of {@code request}; a refused one is counted. */
    public OriginPolicy.Verdict origin(HandshakeRequest request, boolean tls) {
        OriginPolicy.Verdict v = origins.check(request.header("Origin").orElse(null),
                addresses.scheme(request, tls), addresses.host(request));
        if (!v.allowed()) {
            meters.refused("origin");
        }
        return v;
    }

    /** The CORS of a request forwarded by another node, which checked its origin (see {@link OriginPolicy#corsOf}). */
    public OriginPolicy.Verdict corsOfChecked(String origin) {
        return origins.corsOf(origin);
    }

    /** The 403 for a refused origin. */
    public static Refusal originRefusal(HandshakeRequest request) {
        String origin = request.header("Origin").orElse("");
        return new Refusal(403, "origin_not_allowed", "origin " + clip(origin) + " may not use this server: it is"
                + " not the server's own origin nor in its allowed origins (allowedOrigins / --allowed-origins)", 0);
    }

    /**
     * Admits a connection (WebSocket, or an HTTP session when {@code httpSession}) from {@code request}'s client
     * address: its per-address count, and for a session the per-address opening rate and the session total. Give the
     * admission back with {@link Admission#release()} when the connection closes or fails to open.
     */
    public Admission admit(HandshakeRequest request, boolean httpSession) {
        String ip = addresses.clientIp(request);
        if (httpSession) {
            long wait = gate.trySessionOpen(ip);
            if (wait > 0) {
                meters.refused("session_rate");
                return new Admission(null, new Refusal(429, "too_many_sessions", "this address opened more than "
                        + limits.httpSessionsPerIpPerMinute() + " HTTP sessions in the last minute; retry after "
                        + wait + " s, and keep a session open rather than opening new ones", wait));
            }
        }
        if (!gate.tryOpen(ip)) {
            meters.refused("address_connections");
            return new Admission(null, new Refusal(429, "too_many_connections_from_address", "this address has "
                    + limits.maxConnectionsPerIp() + " connections open, the most allowed per address; close some"
                    + " and retry", 5));
        }
        if (httpSession && !gate.trySessionSlot()) {
            gate.closed(ip);
            meters.refused("http_sessions");
            return new Admission(null, new Refusal(503, "too_many_sessions", "the server holds its most HTTP"
                    + " sessions (" + gate.maxSessions() + "); retry later, or use WebSocket", 5));
        }
        return new Admission(ip, null, httpSession);
    }

    /** A connection's rate limit on the messages it sends, or null without one. */
    public InboundGate messageGate() {
        return limits.messagesPerSecond() == 0 ? null
                : new MessageRateGate(limits.messagesPerSecond(), limits.messageBurst(), meters);
    }

    /** The 503 past {@code maxConnections} (counted). */
    public Refusal capacityRefusal() {
        meters.refused("capacity");
        return new Refusal(503, "too_many_connections", "the server has reached its connection limit ("
                + maxConnections + "); retry later", 5);
    }

    private static String rate(double r) {
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }

    private static String clip(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }

    /** A connection let in (holds its address's slot until {@link #release()}), or refused. */
    public final class Admission {
        private final String ip;
        private final Refusal refusal;
        private final boolean session;
        private final AtomicBoolean released = new AtomicBoolean();

        private Admission(String ip, Refusal refusal) {
            this(ip, refusal, false);
        }

        private Admission(String ip, Refusal refusal, boolean session) {
            this.ip = ip;
            this.refusal = refusal;
            this.session = session;
        }

        /** Why it was refused, or null when let in. */
        public Refusal refusal() {
            return refusal;
        }

        /** Gives back what it holds; once (later calls do nothing). */
        public void release() {
            if (refusal == null && released.compareAndSet(false, true)) {
                gate.closed(ip);
                if (session) {
                    gate.sessionClosed();
                }
            }
        }
    }
}
