package dev.pushwire.server.internal;

import dev.pushwire.server.HttpExchange;
import dev.pushwire.server.HttpHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /health} (as before: {@code {"status":"up"}}), {@code /health/live} (the process answers) and
 * {@code /health/ready} (200 while the server takes connections; 503 with the reasons while it is draining, stopped
 * or a hub's broker is unreachable). All JSON, never cached. Stateless; the reasons come from the supplier.
 */
public final class HealthRoutes {
    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json",
            "Cache-Control", "no-store");

    private HealthRoutes() {
    }

    /** The handler of {@code /health} and {@code /health/live}. */
    public static HttpHandler live() {
        return exchange -> exchange.respond(200, HEADERS, bytes("{\"status\":\"up\"}"));
    }

    /** The handler of {@code /health/ready}: {@code notReady} lists why the node is not ready (empty: ready). */
    public static HttpHandler ready(Supplier<List<String>> notReady) {
        return exchange -> answerReady(exchange, notReady.get());
    }

    private static void answerReady(HttpExchange exchange, List<String> reasons) {
        if (reasons.isEmpty()) {
            exchange.respond(200, HEADERS, bytes("{\"status\":\"ready\"}"));
            return;
        }
        StringBuilder json = new StringBuilder("{\"status\":\"not_ready\",\"reasons\":[");
        for (int i = 0; i < reasons.size(); i++) {
            json.append(i == 0 ? "\"" : ",\"").append(reasons.get(i).replace("\"", "'")).append('"');
        }
        exchange.respond(503, HEADERS, bytes(json.append("]}").toString()));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
