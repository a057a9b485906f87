package dev.pushwire.server.internal;

import dev.pushwire.server.HttpExchange;
import dev.pushwire.server.HttpHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Answers a GET with a scrape of a {@link PrometheusMeterRegistry}: the Prometheus text format 0.0.4, or OpenMetrics
 * 1.0 when the {@code Accept} header asks for {@code application/openmetrics-text}. Other methods get 405.
 *
 * <p>Runs on the request's event loop: a scrape reads every meter (gauges call their functions), which takes well
 * under a millisecond for the server's and the JVM's meters and never blocks on I/O. Stateless.
 */
public final class PrometheusRoute implements HttpHandler {
    /** The Prometheus text exposition format, the default answer. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** OpenMetrics text, for a scraper that asks for it. */
    public static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public PrometheusRoute(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String method = exchange.method();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            exchange.respond(405, Map.of("Content-Type", "application/json; charset=utf-8", "Allow", "GET, HEAD"),
                    ("{\"error\":\"method_not_allowed\",\"message\":\"" + HttpResponses.jsonEscape(method)
                            + " is not allowed on the metrics route; use GET\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        String accept = exchange.request().header("Accept").orElse("");
        String contentType = accept.contains("application/openmetrics-text")
                ? OPEN_METRICS : PROMETHEUS_TEXT;
        byte[] body = registry.scrape(contentType).getBytes(StandardCharsets.UTF_8);
        exchange.respond(200, Map.of("Content-Type", contentType, "Cache-Control", "no-store"),
                "HEAD".equals(method) ? new byte[0] : body);
    }
}
