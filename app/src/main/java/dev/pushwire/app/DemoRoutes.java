package dev.pushwire.app;

import dev.pushwire.app.internal.ClusterRelay;
import dev.pushwire.app.internal.DemoHub;
import dev.pushwire.core.hub.AsyncTokenVerifier;
import dev.pushwire.server.HmacJwtTokens;
import dev.pushwire.app.internal.DemoTicker;
import dev.pushwire.app.internal.RelayedMessage;
import dev.pushwire.core.Connection;
import dev.pushwire.core.Message;
import dev.pushwire.core.hub.Broker;
import dev.pushwire.core.hub.Hub;
import dev.pushwire.core.hub.PresenceStore;
import dev.pushwire.server.EndpointOptions;
import dev.pushwire.server.HttpExchange;
import dev.pushwire.server.PushwireServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fixed routes of the demo server ({@code pushwire serve}) that docs, tests and benchmarks rely on:
 *
 * <table>
 *   <caption>routes</caption>
 *   <tr><th>route</th><th>behaviour</th></tr>
 *   <tr><td>WebSocket {@code /}</td><td>as the seed's {@code ws} server: logs {@code received: <msg>} and answers
 *       {@code server hello}</td></tr>
 *   <tr><td>{@code /echo}</td><td>sends every message back, same type</td></tr>
 *   <tr><td>{@code /pub}, {@code /sub}</td><td>every message received on {@code /pub} goes to every connection on
 *       {@code /sub}</td></tr>
 *   <tr><td>{@code /ticker}</td><td>every tick of the demo ticker, pushed (the live comparison page)</td></tr>
 *   <tr><td>{@code GET /poll/data}</td><td>the current tick, at once</td></tr>
 *   <tr><td>{@code GET /longpoll/data}</td><td>held until the next tick</td></tr>
 *   <tr><td>{@code /pushwire}</td><td>the hub: channels with history, recovery and presence (docs/hub.md); every
 *       channel open to anonymous clients</td></tr>
 *   <tr><td>{@code /api/publish}, ...</td><td>the hub's HTTP publish API (key: {@code api-key})</td></tr>
 *   <tr><td>{@code GET /health}</td><td>{@code {"status":"up"}}</td></tr>
 *   <tr><td>{@code GET /metrics}</td><td>Prometheus text: the server's, the hub's and the JVM's meters (added by
 *       {@link DemoServer} unless the {@code metrics} setting is off; docs/operations.md)</td></tr>
 *   <tr><td>{@code GET /}, other files</td><td>the demo pages from the web module (classpath
 *       {@code pushwire/web})</td></tr>
 * </table>
 *
 * <p>Threading: handlers run on connection event loops and the ticker thread; the subscriber set is concurrent.
 * {@link #close()} stops the ticker and the hub (call it after stopping the server).
 */
public final class DemoRoutes implements AutoCloseable {
    /** The logger of the {@code /} route, whose {@code received: <msg>} lines mirror the seed's console output. */
    private static final Logger SEED_LOG = LoggerFactory.getLogger("dev.pushwire.demo");
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String JSON = "application/json";
    private static final Logger RELAY_LOG = LoggerFactory.getLogger(ClusterRelay.class);
    /** The internal channel that carries {@code /pub} messages to every node's {@code /sub}. */
    static final String PUB_CHANNEL = ClusterRelay.PREFIX + "pub";
    /** The internal channel that carries ticks to every node's {@code /ticker}. */
    static final String TICKER_CHANNEL = ClusterRelay.PREFIX + "ticker";

    private final DemoTicker ticker;
    /** The hub at {@code /pushwire} and {@code /api}; closed with the routes. Set once by {@link #install}. */
    private Hub hub;
    /** Open connections on {@code /sub}; added and removed on their event loops, read by {@code /pub}'s. */
    private final Set<Connection> subscribers = ConcurrentHashMap.newKeySet();
    /** Open connections on {@code /ticker}; added and removed on their event loops, read by the ticker thread. */
    private final Set<Connection> tickerWatchers = ConcurrentHashMap.newKeySet();

    /** With a shared broker: the internal channels that carry /pub and the ticker to every node; else null. */
    private final ClusterRelay relay;
    private final long tickMillis;

    private DemoRoutes(DemoTicker ticker, ClusterRelay relay, Duration tickInterval) {
        this.ticker = ticker;
        this.relay = relay;
        this.tickMillis = Math.max(1, tickInterval.toMillis());
    }

    /** Adds every demo route to {@code server} (before or after it started) and starts the ticker. */
    public static DemoRoutes install(PushwireServer server, Duration tickInterval) {
        return install(server, tickInterval, "", "");
    }

    /**
     * Adds every demo route, with the hub's publish API key (empty: the API answers 503) and token secret (empty:
     * hub clients are anonymous).
     */
    public static DemoRoutes install(PushwireServer server, Duration tickInterval, String apiKey, String tokenSecret) {
        return install(server, tickInterval, apiKey, tokenSecret, null, null);
    }

    /**
     * Adds every demo route on a broker and presence store shared by several nodes (null, null: in memory, one node).
     * With a shared broker, {@code /pub} reaches {@code /sub} on every node and every node's {@code /ticker} shows
     * the same ticks (one per interval across the cluster), through internal channels named
     * {@code pushwire-demo:*}; the hub's channels and presence are cluster-wide.
     */
    public static DemoRoutes install(PushwireServer server, Duration tickInterval, String apiKey, String tokenSecret,
            Broker broker, PresenceStore presence) {
        return install(server, tickInterval, apiKey, tokenSecret.isEmpty() ? null
                : AsyncTokenVerifier.of(HmacJwtTokens.withSecret(tokenSecret)), broker, presence);
    }

    /**
     * As above, with the hub's token verifier (null: hub clients are anonymous), e.g. {@code JwtTokens} built from
     * the serve settings by {@link DemoHub#tokenVerifier}.
     */
    public static DemoRoutes install(PushwireServer server, Duration tickInterval, String apiKey,
            AsyncTokenVerifier tokens, Broker broker, PresenceStore presence) {
        ClusterRelay relay = broker == null ? null : new ClusterRelay(broker);
        DemoRoutes routes = new DemoRoutes(new DemoTicker(tickInterval, Clock.systemUTC()), relay, tickInterval);
        if (relay != null) {
            routes.listenToRelay(); // before the hub starts the broker, which subscribes the relay's channels
        }
        routes.hub = DemoHub.create(tokens, relay, presence);
        routes.addTo(server);
        DemoHub.mount(server, routes.hub, apiKey);
        return routes;
    }

    /**
     * Adds every demo route as {@code pushwire serve} does: the hub from {@code settings} (its namespaces, token
     * secret, API key), on a shared broker and presence store (null, null: in memory, one node).
     */
    public static DemoRoutes install(PushwireServer server, ServeSettings settings, Broker broker,
                                     PresenceStore presence) {
        ClusterRelay relay = broker == null ? null : new ClusterRelay(broker);
        DemoRoutes routes = new DemoRoutes(new DemoTicker(settings.tickInterval(), Clock.systemUTC()), relay,
                settings.tickInterval());
        if (relay != null) {
            routes.listenToRelay(); // before the hub starts the broker, which subscribes the relay's channels
        }
        routes.hub = DemoHub.create(settings, relay, presence);
        routes.addTo(server);
        DemoHub.mount(server, routes.hub, settings.apiKey());
        return routes;
    }

    private void addTo(PushwireServer server) {
        server.endpoint("/", conn -> conn.onMessage(msg -> {
            SEED_LOG.info("received: {}", msg.text());
            conn.send("server hello");
        }));
        // Answers its own reads: paused, not dropped, when the client reads the echoes slower than it sends.
        server.endpoint("/echo", EndpointOptions.builder().pauseReadingWhileUnwritable(true).build(),
                conn -> conn.onMessage(msg -> conn.send(msg, null)));
        server.endpoint("/pub", conn -> conn.onMessage(msg -> {
            if (relay != null) {
                relay.relay(PUB_CHANNEL, RelayedMessage.toJson(msg)).exceptionally(e -> {
                    RELAY_LOG.warn("a /pub message could not reach the other nodes: {}", e.getMessage());
                    return null;
                });
                return;
            }
            toSubscribers(msg);
        }));
        server.endpoint("/sub", conn -> {
            subscribers.add(conn);
            conn.onClose(event -> subscribers.remove(conn));
        });
        server.endpoint("/ticker", conn -> {
            tickerWatchers.add(conn);
            conn.onClose(event -> tickerWatchers.remove(conn));
        });
        ticker.onEveryTick(tick -> {
            if (relay != null) {
                // one tick per interval across the cluster: every node offers it, the first one publishes it
                long slot = Math.round(tick.at().toEpochMilli() / (double) tickMillis);
                String text = "tick " + slot + " at " + java.time.Instant.ofEpochMilli(slot * tickMillis);
                relay.relayOnce(TICKER_CHANNEL, RelayedMessage.quote(text), "tick-" + slot).exceptionally(e -> null);
                return;
            }
            toWatchers(tick.text());
        });
        server.http("/poll/data", exchange -> {
            if (requireGet(exchange)) {
                exchange.respond(200, TEXT, bytes(ticker.current().text()));
            }
        });
        server.http("/longpoll/data", exchange -> {
            if (requireGet(exchange)) {
                Runnable cancel = ticker.onNextTick(tick -> exchange.respond(200, TEXT, bytes(tick.text())));
                exchange.onClose(cancel);
            }
        });
        server.http("/health", exchange -> exchange.respond(200, JSON, bytes("{\"status\":\"up\"}")));
        server.staticResources("/", "pushwire/web");
    }

    private void toSubscribers(Message msg) {
        // encoded once for all, spread over the event loops at once
        PushwireServer.broadcast(msg.isText() ? Message.encodedText(msg.text()) : msg, subscribers);
    }

    private void toWatchers(String tick) {
        PushwireServer.broadcast(Message.encodedText(tick), tickerWatchers);
    }

    /** Delivers what any node relayed to this node's {@code /sub} and {@code /ticker} connections. */
    private void listenToRelay() {
        relay.listen(PUB_CHANNEL, p -> toSubscribers(RelayedMessage.fromJson(p.data())));
        relay.listen(TICKER_CHANNEL, p -> toWatchers(RelayedMessage.fromJson(p.data()).text()));
    }

    private static boolean requireGet(HttpExchange exchange) {
        String method = String.valueOf(exchange.method());
        if ("GET".equals(method) || "HEAD".equals(method)) {
            return true;
        }
        exchange.respond(405, Map.of("Content-Type", JSON, "Allow", "GET"), bytes(
                "{\"error\":\"method_not_allowed\",\"message\":\"" + method + " is not allowed here; use GET\"}"));
        return false;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The hub behind {@code /pushwire}, e.g. to publish from the server side. */
    public Hub hub() {
        return hub;
    }

    /** Stops the ticker and the hub; held long polls are not answered any more (stop the server first). */
    @Override
    public void close() {
        try {
            ticker.close();
        } finally {
            hub.close();
        }
    }
}
