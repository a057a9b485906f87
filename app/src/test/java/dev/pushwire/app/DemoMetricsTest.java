package dev.pushwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.testkit.PrometheusScrape;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} on the demo server: Prometheus text with Pushwire's, the hub's and the JVM's meters. */
class DemoMetricsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void metricsAnswersPrometheusTextWithPushwireHubAndJvmMeters() throws Exception {
        try (DemoServer server = DemoServer.start(ServeSettings.builder().host("127.0.0.1").port(0).build())) {
            URI metrics = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
            CountDownLatch echoed = new CountDownLatch(1);
            WebSocket ws = HTTP.newWebSocketBuilder().buildAsync(
                    URI.create("ws://127.0.0.1:" + server.port() + "/echo"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            echoed.countDown();
                            w.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            ws.sendText("hello", true).get(5, TimeUnit.SECONDS);
            assertThat(echoed.await(10, TimeUnit.SECONDS)).isTrue();

            PrometheusScrape s = PrometheusScrape.of(metrics);
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
            assertThat(s.body()).contains("# TYPE pushwire_connections_open gauge");
            assertThat(s.value("pushwire_connections_open", "transport", "websocket")).isEqualTo(1.0);
            assertThat(s.value("pushwire_messages_received_total", "transport", "websocket")).isEqualTo(1.0);
            assertThat(s.value("pushwire_hub_connections", "endpoint", "/pushwire")).isEqualTo(0.0);
            assertThat(s.samples().stream().filter(x -> x.name().equals("jvm_memory_used_bytes")
                    && "heap".equals(x.labels().get("area"))).mapToDouble(PrometheusScrape.Sample::value).sum())
                    .as("heap in use, over every pool of whichever GC runs").isPositive();
            assertThat(s.value("jvm_threads_live_threads")).isPositive();
            assertThat(s.value("system_cpu_count")).isPositive();
            assertThat(s.hasSeriesStartingWith("jvm_gc_")).isTrue();
            assertThat(s.hasSeriesStartingWith("netty_allocator_memory_used")).isTrue();

            ws.sendClose(1000, "").get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(PrometheusScrape.of(metrics)
                    .value("pushwire_connections_closed_total", "transport", "websocket", "code", "1000"))
                    .isEqualTo(1.0));
        }
    }

    @Test
    void withMetricsOffThereIsNoMetricsRoute() throws Exception {
        try (DemoServer server = DemoServer.start(ServeSettings.builder().host("127.0.0.1").port(0)
                .metrics(false).build())) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).contains("\"error\":\"not_found\"");
        }
    }
}
