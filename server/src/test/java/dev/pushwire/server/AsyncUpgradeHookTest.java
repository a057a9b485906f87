package dev.pushwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An upgrade hook that asks someone else: decided off the event loop, with a deadline. */
class AsyncUpgradeHookTest {
    private PushwireServer server;

    private void start(AsyncUpgradeHook hook) {
        server = PushwireServer.builder().host("127.0.0.1").port(0).shutdownTimeout(Duration.ofSeconds(1))
                .asyncUpgradeHook(hook).upgradeHookTimeout(Duration.ofMillis(300)).build();
        server.endpoint("/who", conn -> conn.send("you are " + conn.attributes().get("user")));
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aDecisionMadeLaterOnAnotherThreadOpensTheConnectionWithItsAttributes() throws Exception {
        start(request -> CompletableFuture.supplyAsync(
                () -> request.header("Cookie").orElse("").contains("session=alice")
                        ? UpgradeDecision.accept(Map.of("user", "alice"))
                        : UpgradeDecision.reject(401, "{\"error\":\"unauthorized\",\"message\":\"log in\"}"),
                CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)));
        try (dev.pushwire.testkit.RawWebSocket ws = dev.pushwire.testkit.RawWebSocket.connect(server.port(), "/who",
                Map.of("Cookie", "session=alice"))) {
            assertThat(ws.readMessage(Duration.ofSeconds(10)).text()).isEqualTo("you are alice");
        }
        RawHttp.Response refused = RawHttp.exchange(server.port(), RawHttp.upgrade("/who"));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).contains("log in");
        HttpResponse<String> session = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + server.port() + "/who?transport=polling")).header("Cookie", "session=alice")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(session.statusCode()).isEqualTo(200);
        assertThat(session.body()).contains("\"sid\"");
    }

    @Test
    void aHookThatDoesNotAnswerInTimeGets503WithRetryAfter() throws Exception {
        start(request -> new CompletableFuture<>());
        RawHttp.Response ws = RawHttp.exchange(server.port(), RawHttp.upgrade("/who"));
        assertThat(ws.status()).isEqualTo(503);
        assertThat(ws.body()).contains("\"error\":\"upgrade_hook_timeout\"");
        assertThat(ws.header("Retry-After")).isEqualTo("5");
        HttpResponse<String> session = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.port() + "/who?transport=polling")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(session.statusCode()).isEqualTo(503);
        assertThat(session.body()).contains("upgrade_hook_timeout");
        assertThat(server.connections()).isEmpty();
    }
}
