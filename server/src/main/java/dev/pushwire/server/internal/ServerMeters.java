package dev.pushwire.server.internal;

import dev.pushwire.core.CloseCode;
import dev.pushwire.core.hub.HubStats;
import dev.pushwire.core.internal.Traffic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

/**
 * The server's Micrometer meters (every one is listed in docs/operations.md). Built only when the server was given
 * a {@link MeterRegistry}; without one the server holds {@link #NONE}, whose methods return at once and whose
 * {@link #traffic} is null, so connections count nothing.
 *
 * <p>Cost: nothing here runs per message. Connections count messages and bytes into a {@link Traffic} (adders),
 * which the registry reads through function counters at scrape time. Opens and closes bump an atomic and a cached
 * counter; HTTP errors look up a counter per status in a small cache.
 *
 * <p>Thread safe: the per-transport state is built once in the constructor; the counter caches are concurrent maps.
 */
public final class ServerMeters {
    /** No registry: counts nothing. */
    public static final ServerMeters NONE = new ServerMeters();

    /** The transports, as in {@code Connection.transport()}; the {@code transport} tag takes these values. */
    static final List<String> TRANSPORTS = List.of("websocket", "sse", "longpolling", "polling");

    private final MeterRegistry registry;
    private final Map<String, PerTransport> transports;
    /** Keyed by transport + ' ' + code tag. */
    private final Map<String, Counter> closes = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> httpErrors = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> rejectedUpgrades = new ConcurrentHashMap<>();

    private ServerMeters() {
        registry = null;
        transports = Map.of();
    }

    /** Registers the connection meters of every transport in {@code registry}. */
    public ServerMeters(MeterRegistry registry) {
        this.registry = registry;
        Map<String, PerTransport> m = new ConcurrentHashMap<>();
        for (String t : TRANSPORTS) {
            m.put(t, new PerTransport(registry, t));
        }
        this.transports = Map.copyOf(m);
    }

    /** Whether a registry is behind these meters. */
    public boolean enabled() {
        return registry != null;
    }

    /** The message counts of {@code transport}, or null when disabled (the connection then counts nothing). */
    public Traffic traffic(String transport) {
        PerTransport t = transports.get(transport);
        return t == null ? null : t.traffic;
    }

    /** A connection of {@code transport} opened (it entered the server's connection registry). */
    void opened(String transport) {
        PerTransport t = transports.get(transport);
        if (t != null) {
            t.open.incrementAndGet();
            t.opened.increment();
        }
    }

    /**
     * A connection left the registry without having opened (its handshake failed after it was registered): counted
     * as closed with 1006, so opened minus closed stays equal to open.
     */
    void forgotten(String transport) {
        closed(transport, CloseCode.ABNORMAL.code());
    }

    /** A connection of {@code transport} closed with {@code code} (sent, received or local, e.g. 1006). */
    void closed(String transport, int code) {
        PerTransport t = transports.get(transport);
        if (t == null) {
            return;
        }
        t.open.decrementAndGet();
        String tag = codeTag(code);
        closes.computeIfAbsent(transport + ' ' + tag, k -> Counter.builder("pushwire.connections.closed")
                .description("Connections closed, by transport and close code")
                .tag("transport", transport).tag("code", tag).register(registry)).increment();
        if (code == CloseCode.SLOW_CONSUMER.code()) {
            t.slowConsumers.increment();
        } else if (code == CloseCode.HEARTBEAT_TIMEOUT.code() && t.heartbeatTimeouts != null) {
            t.heartbeatTimeouts.increment();
        } else if (code == CloseCode.SESSION_EXPIRED.code() && t.sessionsExpired != null) {
            t.sessionsExpired.increment();
        }
    }

    /**
     * An HTTP response with an error status (400 and above) went out; {@code upgrade} when it answered a WebSocket
     * handshake, which is then a rejected upgrade.
     */
    void httpError(int status, boolean upgrade) {
        if (registry == null) {
            return;
        }
        httpErrors.computeIfAbsent(status, s -> Counter.builder("pushwire.http.errors")
                .description("HTTP responses with an error status (4xx, 5xx), by status")
                .tag("status", Integer.toString(s)).register(registry)).increment();
        if (upgrade) {
            rejectedUpgrades.computeIfAbsent(status, s -> Counter.builder("pushwire.websocket.upgrades.rejected")
                    .description("WebSocket handshakes answered with an error status instead of 101, by status")
                    .tag("status", Integer.toString(s)).register(registry)).increment();
        }
    }

    /** Registers the meters of a hub served at {@code endpoint}; does nothing when disabled. */
    public void bindHub(String endpoint, HubStats stats) {
        if (registry == null) {
            return;
        }
        hubGauge("pushwire.hub.channels", "Channels with at least one subscriber on this node", endpoint, stats,
                HubStats::channels);
        hubGauge("pushwire.hub.subscriptions", "Channel subscriptions on this node", endpoint, stats,
                HubStats::subscriptions);
        hubGauge("pushwire.hub.connections", "Connections speaking the hub protocol on this node", endpoint, stats,
                HubStats::connections);
        FunctionCounter.builder("pushwire.hub.publications", stats, HubStats::publications)
                .description("Publications stored and delivered by the broker").tag("endpoint", endpoint)
                .register(registry);
        FunctionCounter.builder("pushwire.hub.recoveries", stats, HubStats::recoveries)
                .description("Subscribes with a since position, by result").tag("endpoint", endpoint)
                .tag("result", "recovered").register(registry);
        FunctionCounter.builder("pushwire.hub.recoveries", stats, HubStats::unrecoverable)
                .description("Subscribes with a since position, by result").tag("endpoint", endpoint)
                .tag("result", "unrecoverable").register(registry);
        FunctionCounter.builder("pushwire.hub.publishes.rate.limited", stats, HubStats::publishesRateLimited)
                .description("Client publishes refused with rate_limited (the per-connection publish rate)")
                .tag("endpoint", endpoint).register(registry);
        FunctionCounter.builder("pushwire.hub.slow.consumer.closes", stats, HubStats::slowConsumerCloses)
                .description("Connections closed with 4000 (slow consumer) by a hub byte limit")
                .tag("endpoint", endpoint).register(registry);
        FunctionCounter.builder("pushwire.hub.fanout.overflows", stats, HubStats::fanOutOverflows)
                .description("Channel fan-out queues on this node that overflowed (their subscribers closed, 4000)")
                .tag("endpoint", endpoint).register(registry);
    }

    private void hubGauge(String name, String description, String endpoint, HubStats stats,
                          ToDoubleFunction<HubStats> value) {
        Gauge.builder(name, stats, value).description(description).tag("endpoint", endpoint).strongReference(true)
                .register(registry);
    }

    /**
     * The {@code code} tag: a named code ({@link CloseCode#isNamed}) as its number, any other application code as
     * its class ({@code 3xxx}, {@code 4xxx}), so a client choosing codes cannot make unbounded series.
     */
    static String codeTag(int code) {
        if (CloseCode.isNamed(code)) {
            return Integer.toString(code);
        }
        if (code >= 3000 && code <= 3999) {
            return "3xxx";
        }
        if (code >= 4000 && code <= 4999) {
            return "4xxx";
        }
        return "other";
    }

    /** The meters of one transport. */
    private static final class PerTransport {
        final AtomicInteger open = new AtomicInteger();
        final Traffic traffic = new Traffic();
        final Counter opened;
        final Counter slowConsumers;
        /** WebSocket only (sessions have no pings: they expire); null for the others. */
        final Counter heartbeatTimeouts;
        /** HTTP transports only; null for WebSocket. */
        final Counter sessionsExpired;

        PerTransport(MeterRegistry registry, String transport) {
            Gauge.builder("pushwire.connections.open", open, AtomicInteger::get)
                    .description("Open connections, by transport").tag("transport", transport).strongReference(true)
                    .register(registry);
            opened = Counter.builder("pushwire.connections.opened")
                    .description("Connections opened, by transport").tag("transport", transport).register(registry);
            slowConsumers = Counter.builder("pushwire.connections.slow.consumer")
                    .description("Connections closed as slow consumers (4000)").tag("transport", transport)
                    .register(registry);
            boolean webSocket = transport.equals("websocket");
            heartbeatTimeouts = !webSocket ? null : Counter.builder("pushwire.connections.heartbeat.timeout")
                    .description("WebSocket connections dropped for not answering pings (4001)")
                    .tag("transport", transport).register(registry);
            sessionsExpired = webSocket ? null : Counter.builder("pushwire.sessions.expired")
                    .description("HTTP-transport sessions expired without requests (4003)")
                    .tag("transport", transport).register(registry);
            trafficCounter(registry, "pushwire.messages.received", "Messages received from clients", transport,
                    Traffic::messagesReceived, null);
            trafficCounter(registry, "pushwire.messages.sent", "Messages accepted for sending to clients", transport,
                    Traffic::messagesSent, null);
            trafficCounter(registry, "pushwire.messages.received.bytes", "Payload bytes of messages received",
                    transport, Traffic::bytesReceived, BaseUnits.BYTES);
            trafficCounter(registry, "pushwire.messages.sent.bytes", "Payload bytes of messages accepted for sending",
                    transport, Traffic::bytesSent, BaseUnits.BYTES);
        }

        private void trafficCounter(MeterRegistry registry, String name, String description, String transport,
                                    ToDoubleFunction<Traffic> count, String unit) {
            FunctionCounter.Builder<Traffic> b = FunctionCounter.builder(name, traffic, count)
                    .description(description).tag("transport", transport);
            if (unit != null) {
                b.baseUnit(unit);
            }
            b.register(registry);
        }
    }
}
