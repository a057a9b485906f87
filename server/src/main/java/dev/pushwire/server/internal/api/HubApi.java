package dev.pushwire.server.internal.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushwire.core.hub.Broker;
import dev.pushwire.core.hub.BrokerUnavailableException;
import dev.pushwire.core.hub.ClientInfo;
import dev.pushwire.core.hub.Hub;
import dev.pushwire.core.hub.Publication;
import dev.pushwire.core.hub.StreamPosition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP publish API of a {@link Hub}, independent of the HTTP server: {@code POST /api/publish},
 * {@code POST /api/broadcast}, {@code GET /api/history}, {@code GET /api/presence}, {@code GET /api/channels}
 * (paths relative to the API's root). Every call needs the API key in {@code X-API-Key} (or
 * {@code Authorization: apikey KEY}); errors are {@code {"error": code, "message": ...}}. Documented in
 * {@code docs/hub.md}. Thread safe; never blocks (answers come as futures).
 */
public final class HubApi {
    private static final Logger log = LoggerFactory.getLogger(HubApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Hub hub;
    private final byte[] apiKey;

    public HubApi(Hub hub, String apiKey) {
        this.hub = hub;
        if (apiKey == null || apiKey.isEmpty()) {
            throw new IllegalArgumentException("the publish API needs a non-empty API key");
        }
        this.apiKey = apiKey.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Answers one call.
     *
     * @param method  the HTTP method
     * @param route   the path below the API root: {@code publish}, {@code broadcast}, {@code history}, ...
     * @param query   decoded query parameters
     * @param header  a header's first value by case-insensitive name
     * @param body    the request body (empty for GET)
     */
    public CompletableFuture<ApiAnswer> handle(String method, String route, Map<String, List<String>> query,
            Function<String, Optional<String>> header, byte[] body) {
        if (!authorized(header)) {
            return done(ApiAnswer.error(401, "unauthorized",
                    "send the API key in the X-API-Key header (or Authorization: apikey KEY)"));
        }
        try {
            return switch (route) {
                case "publish" -> post(method, body, json -> publish(json, header));
                case "broadcast" -> post(method, body, this::broadcast);
                case "history" -> get(method, () -> history(query));
                case "presence" -> get(method, () -> presence(query));
                case "channels" -> get(method, this::channels);
                default -> done(ApiAnswer.error(404, "not_found", "no API call " + route
                        + "; there are publish, broadcast, history, presence and channels"));
            };
        } catch (BadCall e) {
            return done(ApiAnswer.error(400, e.code, e.getMessage()));
        }
    }

    private boolean authorized(Function<String, Optional<String>> header) {
        String given = header.apply("X-API-Key").orElse(null);
        if (given == null) {
            String auth = header.apply("Authorization").orElse("");
            if (auth.regionMatches(true, 0, "apikey ", 0, 7)) {
                given = auth.substring(7).trim();
            }
        }
        return given != null && MessageDigest.isEqual(apiKey, given.getBytes(StandardCharsets.UTF_8));
    }

    /** A call the client got wrong: 400 with a code. */
    private static final class BadCall extends RuntimeException {
        final String code;

        BadCall(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private interface Call {
        CompletableFuture<ApiAnswer> run();
    }

    private CompletableFuture<ApiAnswer> post(String method, byte[] body,
            Function<JsonNode, CompletableFuture<ApiAnswer>> call) {
        if (!method.equals("POST")) {
            return done(methodNotAllowed("POST"));
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new BadCall("bad_request", "the body must be a JSON object");
        }
        if (json == null || !json.isObject()) {
            throw new BadCall("bad_request", "the body must be a JSON object");
        }
        return guard(call.apply(json));
    }

    private CompletableFuture<ApiAnswer> get(String method, Call call) {
        if (!method.equals("GET")) {
            return done(methodNotAllowed("GET"));
        }
        return guard(call.run());
    }

    private static ApiAnswer methodNotAllowed(String allowed) {
        return ApiAnswer.error(405, "method_not_allowed", "use " + allowed);
    }

    /** Turns broker failures into 503 (backend unreachable) or 500 answers. */
    private static CompletableFuture<ApiAnswer> guard(CompletableFuture<ApiAnswer> answer) {
        return answer.exceptionally(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof BrokerUnavailableException) {
                log.debug("publish API call failed: broker unavailable", cause);
                return ApiAnswer.error(503, "broker_unavailable", cause.getMessage() + "; try again later"
                        + " (a publish may have been applied: retry it with the same idempotency_key)");
            }
            log.warn("publish API call failed", cause);
            return ApiAnswer.error(500, "internal", "the broker failed to answer; try again");
        });
    }

    private CompletableFuture<ApiAnswer> publish(JsonNode body, Function<String, Optional<String>> header) {
        String channel = channel(body.get("channel"));
        String data = data(body);
        String key = idempotencyKey(body, header);
        return hub.publish(channel, data, key).thenApply(pos -> ok(position(JSON.createObjectNode(), pos)));
    }

    /** The body's {@code idempotency_key}, else the {@code Idempotency-Key} header, else null. */
    private static String idempotencyKey(JsonNode body, Function<String, Optional<String>> header) {
        JsonNode field = body.get("idempotency_key");
        String key;
        if (field != null && !field.isNull()) {
            if (!field.isTextual()) {
                throw new BadCall("bad_request", "\"idempotency_key\" must be a string");
            }
            key = field.textValue();
        } else {
            key = header.apply("Idempotency-Key").orElse(null);
        }
        if (key != null && (key.isEmpty() || key.length() > Broker.PublishOptions.MAX_IDEMPOTENCY_KEY_LENGTH)) {
            throw new BadCall("bad_request", "an idempotency key must be 1 to "
                    + Broker.PublishOptions.MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
        }
        return key;
    }

    private CompletableFuture<ApiAnswer> broadcast(JsonNode body) {
        JsonNode channels = body.get("channels");
        if (channels == null || !channels.isArray() || channels.isEmpty()) {
            throw new BadCall("bad_request", "\"channels\" must be a non-empty array of channel names");
        }
        List<String> names = new ArrayList<>();
        channels.forEach(c -> names.add(channel(c)));
        String data = data(body);
        List<CompletableFuture<StreamPosition>> all = new ArrayList<>();
        for (String name : names) {
            all.add(hub.publish(name, data));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> {
            ObjectNode out = JSON.createObjectNode();
            ArrayNode results = out.putArray("results");
            for (int i = 0; i < names.size(); i++) {
                position(results.addObject().put("channel", names.get(i)), all.get(i).join());
            }
            return ok(out);
        });
    }

    private CompletableFuture<ApiAnswer> history(Map<String, List<String>> query) {
        String channel = channel(param(query, "channel"));
        int limit = -1;
        String limitText = param(query, "limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -2;
            }
            if (limit < 0) {
                throw new BadCall("bad_request", "limit must be a non-negative integer");
            }
        }
        StreamPosition since = since(param(query, "since"));
        return hub.history(channel, since, limit).thenApply(HubApi::historyAnswer);
    }

    private static ApiAnswer historyAnswer(Broker.HistoryResult result) {
        ObjectNode out = position(JSON.createObjectNode(), result.top());
        ArrayNode pubs = out.putArray("publications");
        for (Publication p : result.publications()) {
            ObjectNode n = pubs.addObject();
            n.put("channel", p.channel()).put("offset", p.offset()).put("epoch", p.epoch());
            n.set("data", readJson(p.data()));
            if (p.info() != null) {
                n.set("info", client(p.info()));
            }
        }
        return ok(out);
    }

    private CompletableFuture<ApiAnswer> presence(Map<String, List<String>> query) {
        String channel = channel(param(query, "channel"));
        return hub.presence(channel).thenApply(clients -> {
            ObjectNode out = JSON.createObjectNode();
            ArrayNode list = out.putArray("clients");
            clients.forEach(c -> list.add(client(c)));
            return ok(out);
        });
    }

    private CompletableFuture<ApiAnswer> channels() {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("channels");
        hub.channels().forEach(list::add);
        return done(ok(out));
    }

    // ---- parts ----

    private String channel(JsonNode node) {
        if (node == null || !node.isTextual()) {
            throw new BadCall("bad_request", "\"channel\" must be a string");
        }
        return channel(node.textValue());
    }

    private String channel(String name) {
        if (name == null) {
            throw new BadCall("bad_request", "the channel query parameter is missing");
        }
        try {
            hub.checkChannelName(name);
        } catch (IllegalArgumentException e) {
            throw new BadCall("bad_channel", e.getMessage());
        }
        return name;
    }

    private static String data(JsonNode body) {
        JsonNode data = body.get("data");
        if (data == null) {
            throw new BadCall("bad_request", "\"data\" is missing: any JSON value to publish");
        }
        return data.toString();
    }

    private static StreamPosition since(String text) {
        if (text == null) {
            return null;
        }
        int colon = text.lastIndexOf(':');
        try {
            if (colon > 0) {
                long offset = Long.parseLong(text.substring(colon + 1));
                if (offset >= 0) {
                    return new StreamPosition(text.substring(0, colon), offset);
                }
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new BadCall("bad_request", "since must be EPOCH:OFFSET, e.g. 9f1c2ab0d3e4f566:41");
    }

    private static String param(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static ObjectNode position(ObjectNode node, StreamPosition pos) {
        return node.put("epoch", pos.epoch()).put("offset", pos.offset());
    }

    private static ObjectNode client(ClientInfo c) {
        ObjectNode n = JSON.createObjectNode().put("client", c.clientId()).put("user", c.userId());
        if (c.info() != null) {
            n.set("info", readJson(c.info()));
        }
        return n;
    }

    private static JsonNode readJson(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored data is not JSON", e);
        }
    }

    private static ApiAnswer ok(JsonNode node) {
        return new ApiAnswer(200, node.toString());
    }

    private static CompletableFuture<ApiAnswer> done(ApiAnswer answer) {
        return CompletableFuture.completedFuture(answer);
    }
}
