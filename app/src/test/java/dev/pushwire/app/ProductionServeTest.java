package dev.pushwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.app.internal.ServeSetting;
import dev.pushwire.app.internal.SettingsResolver;
import dev.pushwire.client.HubClient;
import dev.pushwire.core.hub.Publication;
import dev.pushwire.testkit.PrometheusScrape;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pushwire serve --demo false --config prod.properties}: the configured hub with no demo routes, health for
 * orchestrators, the latency histograms filled by real deliveries, the admin API behind its password, and a drain
 * that turns {@code /health/ready} 503.
 */
class ProductionServeTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PASSWORD = "s3cret-admin-pass";
    @TempDir
    Path dir;
    private DemoServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private DemoServer start() throws Exception {
        Path config = dir.resolve("prod.properties");
        Files.writeString(config, """
                host=127.0.0.1
                port=0
                demo=false
                api-key=the-api-key
                drain-period=2s
                namespace.public.pattern=public:*
                namespace.public.allow-anonymous=true
                namespace.public.history-size=10
                namespace.public.client-publish=false
                """);
        return DemoServer.start(SettingsResolver.resolve(Map.of(ServeSetting.ADMIN_PASSWORD, PASSWORD), config,
                Map.of()));
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String password) {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void servesOnlyTheConfiguredHubWithHealthMetricsAndAdmin() throws Exception {
        server = start();
        assertThat(get("/echo").statusCode()).as("no demo routes").isEqualTo(404);
        assertThat(get("/").statusCode()).as("no demo pages").isEqualTo(404);
        assertThat(get("/poll/data").statusCode()).isEqualTo(404);
        assertThat(get("/health").body()).isEqualTo("{\"status\":\"up\"}");
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"ready\"}");

        List<Publication> received = new CopyOnWriteArrayList<>();
        try (HubClient client = HubClient.connect("ws://127.0.0.1:" + server.port() + "/pushwire")) {
            client.connected().get(20, TimeUnit.SECONDS);
            client.channel("public:news").subscribe(received::add).get(20, TimeUnit.SECONDS);
            // the namespace's options hold: other channels keep the production default (no anonymous clients),
            // and clients may not publish in public:*
            assertThat(catchFailure(() -> client.channel("private:x").subscribe(p -> { }).get(20, TimeUnit.SECONDS)))
                    .contains("forbidden").contains("anonymous clients may not subscribe");
            assertThat(catchFailure(() -> client.channel("public:news").publish("{}").get(20, TimeUnit.SECONDS)))
                    .contains("forbidden");

            for (int i = 1; i <= 20; i++) {
                HttpResponse<String> published = post("/api/publish", "{\"channel\":\"public:news\",\"data\":{\"n\":"
                        + i + "}}", "X-API-Key", "the-api-key");
                assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 20);

            PrometheusScrape scrape = PrometheusScrape.of(URI.create("http://127.0.0.1:" + server.port() + "/metrics"));
            assertThat(scrape.value("pushwire_hub_delivery_latency_seconds_count")).as("deliveries timed").isEqualTo(20.0);
            assertThat(scrape.value("pushwire_hub_delivery_latency_seconds_sum")).isPositive();
            assertThat(scrape.value("pushwire_hub_delivery_latency_seconds_bucket", "le", "5.0")).isEqualTo(20.0);
            assertThat(scrape.value("pushwire_broker_roundtrip_seconds_count")).isEqualTo(20.0);
            await().atMost(Duration.ofSeconds(10)).until(() -> PrometheusScrape.of(URI.create("http://127.0.0.1:"
                    + server.port() + "/metrics")).count("pushwire_eventloop_lag_seconds_count") > 0);
            assertThat(scrape.value("pushwire_connections_buffered_bytes")).isNotNull();
            assertThat(scrape.value("pushwire_connections_refused_total", "reason", "max-connections")).isZero();
            assertThat(scrape.value("pushwire_hub_pushes_dropped_total")).isZero();

            // the admin API: 401 without the password, the overview with it
            assertThat(get("/admin/api/overview").statusCode()).isEqualTo(401);
            HttpResponse<String> overview = get("/admin/api/overview", "Authorization", basic(PASSWORD));
            assertThat(overview.statusCode()).isEqualTo(200);
            assertThat(overview.body()).contains("\"connections\":1").contains("\"websocket\":1");
            assertThat(get("/admin").body()).contains("<title>Admin · Pushwire</title>");

            // the admin's drain: not ready at once, new connections refused, the client told to come back later
            assertThat(post("/admin/api/drain", "{}", "Authorization", basic(PASSWORD)).statusCode()).isEqualTo(200);
            HttpResponse<String> draining = get("/health/ready");
            assertThat(draining.statusCode()).isEqualTo(503);
            assertThat(draining.body()).isEqualTo("{\"status\":\"not_ready\",\"reasons\":[\"draining\"]}");
            await().atMost(Duration.ofSeconds(20)).until(() -> server.server().connections().isEmpty());
            HttpResponse<String> refused = get("/pushwire?transport=sse");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("\"error\":\"draining\"");
            PrometheusScrape after = PrometheusScrape.of(URI.create("http://127.0.0.1:" + server.port() + "/metrics"));
            assertThat(after.count("pushwire_connections_refused_total", "reason", "draining")).isPositive();

            // every series the Grafana dashboard in docs/ queries is one the server exports
            String dashboard = Files.readString(Path.of(System.getProperty("pushwire.repoRoot", ".."), "docs",
                    "grafana-dashboard.json"));
            java.util.regex.Matcher names = java.util.regex.Pattern.compile("pushwire_[a-z_]+").matcher(dashboard);
            java.util.Set<String> used = new java.util.TreeSet<>();
            while (names.find()) {
                used.add(names.group());
            }
            assertThat(used).contains("pushwire_hub_delivery_latency_seconds_bucket", "pushwire_eventloop_lag_seconds_bucket");
            for (String name : used) {
                assertThat(after.samples()).as(name).anyMatch(x -> x.name().equals(name));
            }
        }
    }

    @Test
    void failedAdminLoginsAreThrottledPerIp() throws Exception {
        server = start();
        for (int i = 0; i < 5; i++) {
            assertThat(get("/admin/api/overview", "Authorization", basic("guess-" + i)).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = get("/admin/api/overview", "Authorization", basic(PASSWORD));
        assertThat(throttled.statusCode()).as("even the right password, during the lockout").isEqualTo(429);
        assertThat(throttled.body()).contains("too_many_login_failures");
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
    }

    private static String catchFailure(ThrowingRunnable r) {
        try {
            r.run();
            return "no failure";
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause());
        } catch (Exception e) {
            return e.toString();
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
