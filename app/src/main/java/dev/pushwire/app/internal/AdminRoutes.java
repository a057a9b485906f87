package dev.pushwire.app.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushwire.app.ServeSettings;
import dev.pushwire.core.CloseCode;
import dev.pushwire.core.Connection;
import dev.pushwire.core.hub.Broker;
import dev.pushwire.core.hub.ChannelStats;
import dev.pushwire.core.hub.ClientInfo;
import dev.pushwire.core.hub.Hub;
import dev.pushwire.core.hub.Publication;
import dev.pushwire.server.HttpExchange;
import dev.pushwire.server.HttpHandler;
import dev.pushwire.server.PushwireServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin page of {@code pushwire serve} (on only with an admin password): {@code GET /admin} serves the page
 * (plain HTML and ES modules from the web module, classpath {@code pushwire/web/admin}), {@code /admin/api/...} its
 * JSON, each call behind HTTP Basic (user {@code admin}) with failed logins throttled per IP ({@link AdminAuth}).
 * The calls are listed in docs/operations.md.
 *
 * <p>Threading: handlers run on event loops and complete hub futures on hub threads; the sampler has its own.
 */
public final class AdminRoutes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> JSON_HEADERS = Map.of("Content-Type", "application/json",
            "Cache-Control", "no-store");
    /** Most connections a search returns. */
    static final int MAX_FOUND = 50;
    /** Most channels the channel list returns. */
    static final int MAX_CHANNELS = 20;
    /** Publications shown for one channel. */
    static final int LAST_PUBLICATIONS = 20;

    private final PushwireServer server;
    private final Hub hub;
    private final ServeSettings settings;
    private final AdminAuth auth;
    private final AdminSampler sampler;
    private final long startedAt = System.currentTimeMillis();
    private final String nodeId;
    /** Looked up once: {@code getLocalHost} may wait on DNS, which an event loop must not. */
    private final String hostName = hostName();

    private AdminRoutes(PushwireServer server, Hub hub, MeterRegistry registry, ServeSettings settings,
                        String nodeId) {
        this.server = server;
        this.hub = hub;
        this.settings = settings;
        this.auth = new AdminAuth(settings.adminPassword(), Clock.systemUTC());
        this.sampler = new AdminSampler(server, hub, registry);
        this.nodeId = nodeId;
    }

    /** Adds the page and its API to {@code server} and starts sampling; {@code nodeId} names this node. */
    public static AdminRoutes install(PushwireServer server, Hub hub, MeterRegistry registry, ServeSettings settings,
                                      String nodeId) {
        AdminRoutes admin = new AdminRoutes(server, hub, registry, settings, nodeId);
        byte[] page = resource("pushwire/web/admin/index.html");
        server.http("/admin", exchange -> exchange.respond(200, Map.of("Content-Type", "text/html; charset=utf-8",
                "Cache-Control", "no-cache"), page));
        server.staticResources("/admin/", "pushwire/web/admin");
        byte[] css = resource("pushwire/web/pushwire.css");
        server.http("/admin/pushwire.css", exchange -> exchange.respond(200, Map.of("Content-Type",
                "text/css; charset=utf-8", "Cache-Control", "no-cache"), css));
        admin.api(server, "overview", "GET", admin::overview);
        admin.api(server, "channels", "GET", admin::channels);
        admin.api(server, "channel", "GET", admin::channel);
        admin.api(server, "connections", "GET", admin::connections);
        admin.api(server, "disconnect", "POST", admin::disconnect);
        admin.api(server, "publish", "POST", admin::publish);
        admin.api(server, "drain", "POST", admin::drain);
        admin.sampler.start();
        return admin;
    }

    private interface Call {
        CompletableFuture<Answer> handle(HttpExchange exchange) throws Exception;
    }

    /** A status and a JSON body. */
    private record Answer(int status, JsonNode body) {
        static Answer ok(JsonNode body) {
            return new Answer(200, body);
        }

        static Answer error(int status, String code, String message) {
            return new Answer(status, JSON.createObjectNode().put("error", code).put("message", message));
        }
    }

    private void api(PushwireServer server, String name, String method, Call call) {
        server.http("/admin/api/" + name, exchange -> {
            String ip = exchange.request().remoteAddress() == null ? "?"
                    : exchange.request().remoteAddress().getAddress().getHostAddress();
            switch (auth.check(ip, exchange.request().header("Authorization"))) {
                case THROTTLED -> {
                    respond(exchange, Answer.error(429, "too_many_login_failures", "too many failed logins from "
                            + ip + "; wait " + auth.retryAfterSeconds(ip) + " s and try again"),
                            Map.of("Retry-After", Long.toString(auth.retryAfterSeconds(ip))));
                    return;
                }
                case UNAUTHORIZED -> {
                    // no WWW-Authenticate challenge: the page shows its own login instead of the browser's dialog
                    respond(exchange, Answer.error(401, "unauthorized", "the admin API needs HTTP Basic"
                            + " credentials: user admin and the server's admin password"), Map.of());
                    return;
                }
                default -> {
                }
            }
            if (!method.equals(exchange.method())) {
                respond(exchange, Answer.error(405, "method_not_allowed", exchange.method() + " is not allowed on"
                        + " /admin/api/" + name + "; use " + method), Map.of("Allow", method));
                return;
            }
            CompletableFuture<Answer> answer;
            try {
                answer = call.handle(exchange);
            } catch (BadRequest e) {
                answer = CompletableFuture.completedFuture(Answer.error(400, e.code, e.getMessage()));
            } catch (Exception e) {
                log.warn("admin call {} failed", name, e);
                answer = CompletableFuture.completedFuture(Answer.error(500, "internal_error", e.toString()));
            }
            answer.whenComplete((a, e) -> respond(exchange, e == null ? a
                    : Answer.error(500, "internal_error", String.valueOf(e.getCause() == null ? e : e.getCause())),
                    Map.of()));
        });
    }

    private static void respond(HttpExchange exchange, Answer answer, Map<String, String> extra) {
        Map<String, String> headers = new java.util.HashMap<>(JSON_HEADERS);
        headers.putAll(extra);
        try {
            exchange.respond(answer.status(), headers, JSON.writeValueAsBytes(answer.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- calls

    private CompletableFuture<Answer> overview(HttpExchange exchange) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode node = o.putObject("node");
        node.put("id", nodeId);
        node.put("host", hostName + (server.isRunning() ? ":" + server.port() : ""));
        node.put("version", version());
        node.put("startedAt", Instant.ofEpochMilli(startedAt).toString());
        node.put("uptimeSeconds", (System.currentTimeMillis() - startedAt) / 1000);
        node.put("draining", server.isDraining());
        node.put("ready", server.isReady());
        ArrayNode reasons = node.putArray("notReady");
        server.notReadyReasons().forEach(reasons::add);
        node.put("demo", settings.demo());
        node.put("drainPeriodSeconds", settings.drainPeriod().toMillis() / 1000.0);
        List<AdminSampler.Sample> samples = sampler.samples();
        AdminSampler.Sample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
        ObjectNode byTransport = o.putObject("byTransport");
        int total = 0;
        for (String t : List.of("websocket", "sse", "longpolling", "polling")) {
            byTransport.put(t, 0);
        }
        for (Connection c : server.connections()) {
            byTransport.put(c.transport(), byTransport.path(c.transport()).asInt() + 1);
            total++;
        }
        o.put("connections", total);
        o.put("messagesInPerSecond", last == null ? 0 : round(last.messagesIn()));
        o.put("messagesOutPerSecond", last == null ? 0 : round(last.messagesOut()));
        o.put("publicationsPerSecond", last == null ? 0 : round(last.publications()));
        o.put("eventLoopLagMillis", last == null ? 0 : round(last.lagMillis()));
        ObjectNode h = o.putObject("hub");
        h.put("channels", hub.stats().channels());
        h.put("subscriptions", hub.stats().subscriptions());
        h.put("publications", hub.stats().publications());
        h.put("pushesDropped", hub.stats().pushesDropped());
        ArrayNode series = o.putArray("series");
        o.put("sampleSeconds", AdminSampler.INTERVAL_SECONDS);
        for (AdminSampler.Sample s : samples) {
            series.addObject().put("t", s.time()).put("connections", s.connections())
                    .put("in", round(s.messagesIn())).put("out", round(s.messagesOut()))
                    .put("lag", round(s.lagMillis())).put("publications", round(s.publications()));
        }
        return CompletableFuture.completedFuture(Answer.ok(o));
    }

    private CompletableFuture<Answer> channels(HttpExchange exchange) {
        List<ChannelStats> all = new ArrayList<>(hub.channelStats());
        all.sort(Comparator.comparingInt(ChannelStats::subscribers).reversed()
                .thenComparing(c -> -sampler.channelRate(c.name())).thenComparing(ChannelStats::name));
        List<ChannelStats> top = all.subList(0, Math.min(MAX_CHANNELS, all.size()));
        List<CompletableFuture<Broker.HistoryResult>> depths = new ArrayList<>();
        for (ChannelStats c : top) {
            depths.add(hub.history(c.name(), null, -1));
        }
        return CompletableFuture.allOf(depths.toArray(CompletableFuture[]::new)).thenApply(v -> {
            ObjectNode o = JSON.createObjectNode();
            o.put("total", all.size());
            ArrayNode list = o.putArray("channels");
            for (int i = 0; i < top.size(); i++) {
                ChannelStats c = top.get(i);
                list.addObject().put("name", c.name()).put("subscribers", c.subscribers())
                        .put("publicationsPerSecond", round(sampler.channelRate(c.name())))
                        .put("historyDepth", depths.get(i).join().publications().size());
            }
            return Answer.ok(o);
        });
    }

    private CompletableFuture<Answer> channel(HttpExchange exchange) {
        String name = exchange.request().queryParam("name").orElse("").trim();
        checkChannel(name);
        CompletableFuture<List<ClientInfo>> presence = hub.presence(name);
        CompletableFuture<Broker.HistoryResult> history = hub.history(name, null, -1);
        return presence.thenCombine(history, (clients, h) -> {
            ObjectNode o = JSON.createObjectNode();
            o.put("name", name);
            o.put("epoch", h.top().epoch());
            o.put("offset", h.top().offset());
            o.put("historyDepth", h.publications().size());
            o.put("publicationsPerSecond", round(sampler.channelRate(name)));
            ArrayNode p = o.putArray("presence");
            for (ClientInfo c : clients) {
                p.addObject().put("client", c.clientId()).put("user", c.userId());
            }
            ArrayNode last = o.putArray("publications");
            List<Publication> pubs = h.publications();
            for (int i = pubs.size() - 1; i >= Math.max(0, pubs.size() - LAST_PUBLICATIONS); i--) {
                Publication pub = pubs.get(i);
                ObjectNode n = last.addObject().put("offset", pub.offset())
                        .put("time", Instant.ofEpochMilli(pub.time()).toString());
                n.put("data", pub.data());
                n.put("user", pub.info() == null ? "" : pub.info().userId());
            }
            return Answer.ok(o);
        });
    }

    private CompletableFuture<Answer> connections(HttpExchange exchange) {
        String q = exchange.request().queryParam("q").orElse("").trim().toLowerCase(Locale.ROOT);
        ObjectNode o = JSON.createObjectNode();
        ArrayNode found = o.putArray("connections");
        int matched = 0;
        for (Connection c : server.connections()) {
            String user = hub.clientInfo(c.id()).map(ClientInfo::userId).orElse("");
            String ip = c.remoteAddress() == null ? "" : c.remoteAddress().getAddress().getHostAddress();
            if (!q.isEmpty() && !(c.id().toLowerCase(Locale.ROOT).contains(q) || user.toLowerCase(Locale.ROOT)
                    .contains(q) || ip.contains(q) || c.transport().equals(q))) {
                continue;
            }
            if (++matched > MAX_FOUND) {
                continue;
            }
            found.addObject().put("id", c.id()).put("transport", c.transport()).put("ip", ip).put("user", user)
                    .put("path", c.request().path()).put("buffered", c.bufferedAmount());
        }
        o.put("matched", matched);
        return CompletableFuture.completedFuture(Answer.ok(o));
    }

    private CompletableFuture<Answer> disconnect(HttpExchange exchange) throws IOException {
        JsonNode body = body(exchange);
        String id = body.path("id").asText("");
        if (id.isEmpty()) {
            throw new BadRequest("missing_id", "send {\"id\": \"<connection id>\"}");
        }
        boolean reconnect = body.path("reconnect").asBoolean(false);
        for (Connection c : server.connections()) {
            if (c.id().equals(id)) {
                CloseCode code = reconnect ? CloseCode.SERVICE_RESTART : CloseCode.POLICY_VIOLATION;
                c.close(code, "disconnected by an administrator");
                return CompletableFuture.completedFuture(Answer.ok(JSON.createObjectNode().put("id", id)
                        .put("code", code.code())));
            }
        }
        return CompletableFuture.completedFuture(Answer.error(404, "unknown_connection", "no open connection has"
                + " id " + id + "; it may have closed already"));
    }

    private CompletableFuture<Answer> publish(HttpExchange exchange) throws IOException {
        JsonNode body = body(exchange);
        String channel = body.path("channel").asText("").trim();
        checkChannel(channel);
        JsonNode data = body.get("data");
        if (data == null || data.isMissingNode()) {
            throw new BadRequest("missing_data", "send {\"channel\": \"...\", \"data\": <any JSON value>}");
        }
        return hub.publish(channel, JSON.writeValueAsString(data)).thenApply(pos -> Answer.ok(JSON.createObjectNode()
                .put("channel", channel).put("epoch", pos.epoch()).put("offset", pos.offset())));
    }

    private CompletableFuture<Answer> drain(HttpExchange exchange) {
        log.info("drain requested from the admin page by {}", exchange.request().remoteAddress());
        int open = server.connections().size();
        server.drain(settings.drainPeriod());
        return CompletableFuture.completedFuture(Answer.ok(JSON.createObjectNode().put("draining", true)
                .put("connections", open).put("periodSeconds", settings.drainPeriod().toMillis() / 1000.0)));
    }

    // ---- helpers

    private void checkChannel(String name) {
        try {
            hub.checkChannelName(name);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("invalid_channel", e.getMessage());
        }
    }

    private static JsonNode body(HttpExchange exchange) {
        try {
            JsonNode n = JSON.readTree(exchange.body());
            if (n == null || !n.isObject()) {
                throw new BadRequest("invalid_json", "the body must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new BadRequest("invalid_json", "the body is not JSON: " + e.getMessage());
        }
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String version() {
        String v = AdminRoutes.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static byte[] resource(String path) {
        try (InputStream in = AdminRoutes.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("resource " + path + " is missing: is the web module on the class"
                        + " path?");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the sampler. */
    @Override
    public void close() {
        sampler.close();
    }

    /** A request the admin API refuses with 400 and a stable code. */
    private static final class BadRequest extends RuntimeException {
        final String code;

        BadRequest(String code, String message) {
            super(message);
            this.code = code;
        }
    }
}
