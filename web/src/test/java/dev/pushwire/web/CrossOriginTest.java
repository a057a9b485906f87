package dev.pushwire.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.server.PushwireServer;
import dev.pushwire.testkit.Chromium;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cross-site WebSocket hijacking and cross-origin reads, in a real browser: a page served by a second server (another
 * port, so another origin) tries the Pushwire server's WebSocket and HTTP transport. Refused by default; allowed once
 * the page's origin is listed in {@code allowedOrigins}.
 */
class CrossOriginTest {
    private static final String PAGE = """
            <!doctype html><meta charset="utf-8"><title>elsewhere</title>
            <script type="module">
            const target = new URLSearchParams(location.search).get("target");
            window.result = {};
            const ws = new WebSocket("ws://127.0.0.1:" + target + "/echo");
            ws.onopen = () => ws.send("hello from elsewhere");
            ws.onmessage = (e) => { window.result.ws = "echo:" + e.data; ws.close(); };
            ws.onclose = (e) => { if (!window.result.ws) window.result.ws = "closed:" + e.code; };
            fetch("http://127.0.0.1:" + target + "/echo?transport=polling")
              .then((r) => r.json())
              .then((j) => { window.result.http = j.sid ? "session" : "no session"; },
                    (e) => { window.result.http = "blocked:" + e.name; });
            </script>
            """;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private PushwireServer target;
    private PushwireServer elsewhere;

    private void start(List<String> allowedOrigins) {
        elsewhere = PushwireServer.builder().host("127.0.0.1").port(0).shutdownTimeout(Duration.ofSeconds(1)).build();
        elsewhere.http("/page.html", exchange -> exchange.respond(200, Map.of("Content-Type", "text/html"),
                PAGE.getBytes(StandardCharsets.UTF_8)));
        elsewhere.start();
        List<String> origins = allowedOrigins.stream()
                .map(o -> o.replace("ELSEWHERE", "http://127.0.0.1:" + elsewhere.port())).toList();
        target = PushwireServer.builder().host("127.0.0.1").port(0).shutdownTimeout(Duration.ofSeconds(1))
                .meterRegistry(meters).allowedOrigins(origins).build();
        target.endpoint("/echo", conn -> conn.onMessage(msg -> conn.send(msg, null)));
        target.start();
    }

    @AfterEach
    void stop() {
        if (target != null) {
            target.stop();
        }
        if (elsewhere != null) {
            elsewhere.stop();
        }
    }

    private Map<?, ?> runPage() {
        try (Chromium.Tab tab = Chromium.open()) {
            tab.navigate("http://127.0.0.1:" + elsewhere.port() + "/page.html?target=" + target.port());
            tab.await("both attempts to finish", Duration.ofSeconds(20), () -> Boolean.TRUE.equals(tab.page()
                    .evaluate("() => window.result && window.result.ws !== undefined"
                            + " && window.result.http !== undefined")));
            return (Map<?, ?>) tab.page().evaluate("() => window.result");
        }
    }

    @Test
    void aPageOnAnotherOriginCanNeitherOpenAWebSocketNorReadAnHttpSessionByDefault() {
        start(List.of());
        Map<?, ?> result = runPage();
        assertThat(result.get("ws")).isEqualTo("closed:1006");
        assertThat(String.valueOf(result.get("http"))).startsWith("blocked:");
        assertThat(target.connections()).isEmpty();
        Counter refused = meters.find("pushwire.security.refused").tag("reason", "origin").counter();
        assertThat(refused).isNotNull();
        assertThat(refused.count()).isEqualTo(2.0);
    }

    @Test
    void theSamePageIsServedOnceItsOriginIsListed() {
        start(List.of("ELSEWHERE"));
        Map<?, ?> result = runPage();
        assertThat(result.get("ws")).isEqualTo("echo:hello from elsewhere");
        assertThat(result.get("http")).isEqualTo("session");
    }
}
