package dev.pushwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.testkit.NettyLeakCheck;
import dev.pushwire.testkit.PrometheusScrape;
import dev.pushwire.testkit.RawWebSocket;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server's meters as a user sees them: real WebSocket, SSE and long-poll clients on loopback, and {@code /metrics}
 * scraped over HTTP and read as Prometheus text.
 */
@ExtendWith(NettyLeakCheck.class)
class MetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private PrometheusMeterRegistry registry;
    private PushwireServer server;

    private void start(HttpTransportOptions httpOptions) {
        start(httpOptions, ConnectionLimits.builder().maxBufferedBytes(256 * 1024).build());
    }

    private void start(HttpTransportOptions httpOptions, ConnectionLimits limits) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        server = PushwireServer.builder().host("127.0.0.1").port(0).meterRegistry(registry)
                .limits(limits)
                .http(httpOptions)
                .build();
        server.endpoint("/echo", conn -> conn.onMessage(m -> conn.send(m, null)));
        // sends 2 MiB within one read batch: over the 256 KiB limit before anything can be flushed
        server.endpoint("/flood", conn -> conn.onMessage(m -> {
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 32 && conn.isOpen(); i++) {
                conn.send(chunk);
            }
        }));
        server.metricsRoute("/metrics", registry);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        if (server != null) {
            server.stop();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private PrometheusScrape scrape() throws Exception {
        PrometheusScrape s = PrometheusScrape.of(URI.create("http://127.0.0.1:" + server.port() + "/metrics"));
        assertThat(s.status()).isEqualTo(200);
        return s;
    }

    private double open(String transport) throws Exception {
        return scrape().count("pushwire_connections_open", "transport", transport);
    }

    @Test
    void connectionsByTransportGoUpWhileOpenAndBackDownAfterClose() throws Exception {
        start(HttpTransportOptions.DEFAULT);
        TestSocket a = TestSocket.open(http, url("ws", "/echo"));
        TestSocket b = TestSocket.open(http, url("ws", "/echo"));
        SseStream sse = SseStream.open(http, url("http", "/echo?transport=sse"));
        cleanup.add(sse);
        String longPollSid = JSON.readTree(get("/echo?transport=longpolling").body()).path("sid").asText();

        PrometheusScrape up = scrape();
        assertThat(up.contentType()).startsWith("text/plain; version=0.0.4");
        assertThat(up.value("pushwire_connections_open", "transport", "websocket")).isEqualTo(2.0);
        assertThat(up.value("pushwire_connections_open", "transport", "sse")).isEqualTo(1.0);
        assertThat(up.value("pushwire_connections_open", "transport", "longpolling")).isEqualTo(1.0);
        assertThat(up.value("pushwire_connections_open", "transport", "polling")).isEqualTo(0.0);
        assertThat(up.value("pushwire_connections_opened_total", "transport", "websocket")).isEqualTo(2.0);
        assertThat(up.value("pushwire_connections_opened_total", "transport", "sse")).isEqualTo(1.0);

        a.close(1000);
        b.close(1000);
        delete("/echo?transport=sse&sid=" + sse.sid());
        delete("/echo?transport=longpolling&sid=" + longPollSid);
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusScrape down = scrape();
            for (String t : List.of("websocket", "sse", "longpolling")) {
                assertThat(down.value("pushwire_connections_open", "transport", t)).as(t).isEqualTo(0.0);
            }
            assertThat(down.value("pushwire_connections_closed_total", "transport", "websocket", "code", "1000"))
                    .isEqualTo(2.0);
            assertThat(down.value("pushwire_connections_closed_total", "transport", "sse", "code", "1000"))
                    .isEqualTo(1.0);
            assertThat(down.value("pushwire_connections_closed_total", "transport", "longpolling", "code", "1000"))
                    .isEqualTo(1.0);
        });
        assertThat(scrape().value("pushwire_connections_opened_total", "transport", "websocket")).isEqualTo(2.0);
    }

    @Test
    void messagesAndTheirBytesAreCountedByTransport() throws Exception {
        start(HttpTransportOptions.DEFAULT);
        TestSocket ws = TestSocket.open(http, url("ws", "/echo"));
        for (int i = 0; i < 3; i++) {
            ws.socket.sendText("hello", true).get(5, TimeUnit.SECONDS);
        }
        await().atMost(WAIT).until(() -> ws.texts.size() == 3);
        String sid = JSON.readTree(get("/echo?transport=polling").body()).path("sid").asText();
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(
                        URI.create(url("http", "/echo?transport=polling&sid=" + sid + "&seq=1")))
                .POST(HttpRequest.BodyPublishers.ofString("[{\"type\":\"text\",\"data\":\"héllo\"}]")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(200);

        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusScrape s = scrape();
            assertThat(s.value("pushwire_messages_received_total", "transport", "websocket")).isEqualTo(3.0);
            assertThat(s.value("pushwire_messages_sent_total", "transport", "websocket")).isEqualTo(3.0);
            assertThat(s.value("pushwire_messages_received_bytes_total", "transport", "websocket")).isEqualTo(15.0);
            assertThat(s.value("pushwire_messages_sent_bytes_total", "transport", "websocket")).isEqualTo(15.0);
            assertThat(s.value("pushwire_messages_received_total", "transport", "polling")).isEqualTo(1.0);
            assertThat(s.value("pushwire_messages_sent_total", "transport", "polling")).isEqualTo(1.0);
            assertThat(s.value("pushwire_messages_received_bytes_total", "transport", "polling"))
                    .as("UTF-8 bytes of héllo").isEqualTo(6.0);
        });
        ws.close(1000);
        delete("/echo?transport=polling&sid=" + sid);
    }

    @Test
    void aSlowConsumerCloseIsCountedWithItsCode4000() throws Exception {
        start(HttpTransportOptions.DEFAULT);
        TestSocket ws = TestSocket.open(http, url("ws", "/flood"));
        ws.socket.sendText("go", true).get(5, TimeUnit.SECONDS);
        assertThat(ws.closeCode.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(4000);

        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusScrape s = scrape();
            assertThat(s.value("pushwire_connections_slow_consumer_total", "transport", "websocket")).isEqualTo(1.0);
            assertThat(s.value("pushwire_connections_closed_total", "transport", "websocket", "code", "4000"))
                    .isEqualTo(1.0);
            assertThat(s.value("pushwire_connections_open", "transport", "websocket")).isEqualTo(0.0);
        });
    }

    @Test
    void aClientThatNeverAnswersPingsIsCountedAsAHeartbeatTimeout4001() throws Exception {
        start(HttpTransportOptions.DEFAULT, ConnectionLimits.builder().pingInterval(Duration.ofMillis(100))
                .pingTimeout(Duration.ofMillis(200)).build());
        // a raw client that never reads, so it never answers the server's pings
        RawWebSocket silent = RawWebSocket.open(server.port());
        cleanup.add(silent::close);
        assertThat(silent.upgrade("/echo", Map.of()).status()).isEqualTo(101);

        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusScrape s = scrape();
            assertThat(s.value("pushwire_connections_heartbeat_timeout_total", "transport", "websocket"))
                    .isEqualTo(1.0);
            assertThat(s.value("pushwire_connections_closed_total", "transport", "websocket", "code", "4001"))
                    .isEqualTo(1.0);
            assertThat(s.value("pushwire_connections_open", "transport", "websocket")).isEqualTo(0.0);
            assertThat(s.value("pushwire_connections_heartbeat_timeout_total", "transport", "sse"))
                    .as("sessions have no pings").isNull();
        });
    }

    @Test
    void anExpiredSessionIsCountedWithItsCode4003() throws Exception {
        start(HttpTransportOptions.builder().sessionTimeout(Duration.ofMillis(300)).build());
        assertThat(get("/echo?transport=polling").statusCode()).isEqualTo(200);
        assertThat(open("polling")).isLessThanOrEqualTo(1.0);

        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusScrape s = scrape();
            assertThat(s.value("pushwire_sessions_expired_total", "transport", "polling")).isEqualTo(1.0);
            assertThat(s.value("pushwire_connections_closed_total", "transport", "polling", "code", "4003"))
                    .isEqualTo(1.0);
            assertThat(s.value("pushwire_connections_open", "transport", "polling")).isEqualTo(0.0);
            assertThat(s.value("pushwire_sessions_expired_total", "transport", "websocket"))
                    .as("WebSockets do not expire").isNull();
        });
    }

    @Test
    void httpErrorsAndRejectedUpgradesAreCountedByStatus() throws Exception {
        start(HttpTransportOptions.DEFAULT);
        assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
        assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
        assertThat(get("/echo?transport=longpolling&sid=no-such-session").statusCode()).isEqualTo(404);
        assertThat(RawHttp.exchange(server.port(), RawHttp.upgrade("/echo", "Sec-WebSocket-Version: 8")).status())
                .isEqualTo(426);

        PrometheusScrape s = scrape();
        assertThat(s.value("pushwire_http_errors_total", "status", "404")).isEqualTo(3.0);
        assertThat(s.value("pushwire_http_errors_total", "status", "426")).isEqualTo(1.0);
        assertThat(s.value("pushwire_websocket_upgrades_rejected_total", "status", "426")).isEqualTo(1.0);
        assertThat(s.value("pushwire_websocket_upgrades_rejected_total", "status", "404"))
                .as("a plain 404 is not an upgrade").isNull();
    }

    @Test
    void theMetricsRouteAnswersOpenMetricsWhenAskedAndRefusesOtherMethods() throws Exception {
        start(HttpTransportOptions.DEFAULT);
        HttpResponse<String> om = http.send(HttpRequest.newBuilder(URI.create(url("http", "/metrics")))
                .header("Accept", "application/openmetrics-text; version=1.0.0").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(om.statusCode()).isEqualTo(200);
        assertThat(om.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
        assertThat(om.body()).contains("pushwire_connections_open").endsWith("# EOF\n");

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(url("http", "/metrics")))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.body()).contains("\"error\":\"method_not_allowed\"");
    }

    @Test
    void aServerWithoutARegistryCountsNothingAndServesNoMetrics() throws Exception {
        server = PushwireServer.builder().host("127.0.0.1").port(0).build();
        server.endpoint("/echo", conn -> conn.onMessage(m -> conn.send(m, null)));
        server.start();
        TestSocket ws = TestSocket.open(http, url("ws", "/echo"));
        ws.socket.sendText("hi", true).get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> ws.texts.size() == 1);
        assertThat(get("/metrics").statusCode()).isEqualTo(404);
        ws.close(1000);
    }

    private String url(String scheme, String pathAndQuery) {
        return scheme + "://127.0.0.1:" + server.port() + pathAndQuery;
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url("http", pathAndQuery))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void delete(String pathAndQuery) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("http", pathAndQuery))).DELETE()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** A JDK WebSocket that records texts and its close code. */
    private static final class TestSocket {
        final List<String> texts = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        WebSocket socket;

        static TestSocket open(HttpClient http, String url) throws Exception {
            TestSocket t = new TestSocket();
            t.socket = http.newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        t.texts.add(text.toString());
                        text.setLength(0);
                    }
                    ws.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onBinary(WebSocket ws, java.nio.ByteBuffer data, boolean last) {
                    ws.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                    t.closeCode.complete(statusCode);
                    return null;
                }

                @Override
                public void onError(WebSocket ws, Throwable error) {
                    t.closeCode.completeExceptionally(error);
                }
            }).get(10, TimeUnit.SECONDS);
            return t;
        }

        void close(int code) throws Exception {
            socket.sendClose(code, "").get(5, TimeUnit.SECONDS);
            closeCode.get(10, TimeUnit.SECONDS);
        }
    }

    /** An SSE stream held open: reads the open event for its sid, then keeps the response body until closed. */
    private static final class SseStream implements AutoCloseable {
        private final InputStream body;
        private final String sid;

        private SseStream(InputStream body, String sid) {
            this.body = body;
            this.sid = sid;
        }

        static SseStream open(HttpClient http, String url) throws Exception {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).isEqualTo(200);
            BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("data:")) {
                    JsonNode open = JSON.readTree(line.substring("data:".length()));
                    return new SseStream(r.body(), open.path("sid").asText());
                }
            }
            throw new AssertionError("the SSE stream ended before its open event");
        }

        String sid() {
            return sid;
        }

        @Override
        public void close() throws Exception {
            body.close();
        }
    }
}
