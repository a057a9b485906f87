package dev.pushwire.server;

import dev.pushwire.core.hub.Hub;
import dev.pushwire.server.internal.api.ApiAnswer;
import dev.pushwire.server.internal.api.HubApi;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Mounts a {@link Hub} on a {@link PushwireServer}: its protocol on a connection endpoint, and its HTTP publish
 * API under a root path. Also reachable as {@link PushwireServer#hub} and {@link PushwireServer#hubApi}.
 *
 * <pre>{@code
 * HubEndpoints.mount(server, "/pushwire", hub);          // WebSocket and the HTTP transports
 * HubEndpoints.mountApi(server, "/api", hub, apiKey);    // POST /api/publish, /api/broadcast, GET /api/history, ...
 * }</pre>
 */
public final class HubEndpoints {
    /** The API calls, each served at {@code root + "/" + call}. */
    public static final List<String> API_CALLS = List.of("publish", "broadcast", "history", "presence", "channels");

    private HubEndpoints() {
    }

    /**
     * Serves the hub protocol on {@code path} (every transport of the endpoint), and registers the hub's meters
     * (tag {@code endpoint=path}) when the server has a meter registry.
     */
    public static void mount(PushwireServer server, String path, Hub hub) {
        Objects.requireNonNull(hub, "hub");
        server.endpoint(path, hub::accept);
        server.bindHubMeters(path, hub);
    }

    /**
     * Serves the publish API at {@code root}/publish, /broadcast, /history, /presence and /channels. Every call needs
     * {@code apiKey} in the {@code X-API-Key} header (or {@code Authorization: apikey KEY}); without it: 401.
     * The answers are JSON; errors are {@code {"error": code, "message": ...}} (see docs/hub.md).
     */
    public static void mountApi(PushwireServer server, String root, Hub hub, String apiKey) {
        HubApi api = new HubApi(hub, apiKey);
        String base = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        for (String call : API_CALLS) {
            server.http(base + "/" + call, exchange -> api.handle(exchange.method(), call,
                            exchange.request().queryParams(), exchange.request()::header, exchange.body())
                    .thenAccept(answer -> respond(exchange, answer)));
        }
    }

    private static void respond(HttpExchange exchange, ApiAnswer answer) {
        Map<String, String> headers = answer.status() == 401
                ? Map.of("Content-Type", "application/json", "WWW-Authenticate", "ApiKey")
                : Map.of("Content-Type", "application/json");
        exchange.respond(answer.status(), headers, answer.body());
    }
}
