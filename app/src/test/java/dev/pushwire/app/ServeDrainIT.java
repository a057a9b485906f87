package dev.pushwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.DrainNotice;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code pushwire serve --demo false} as a real process, stopped by SIGTERM: its shutdown hook drains first (not
 * ready, the client closed with 1001 and a drain notice naming the drain period), then the process exits (0, or 143 for the signal).
 */
class ServeDrainIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void sigtermDrainsBeforeStopping() throws Exception {
        try (PushwireServeProcess serve = PushwireServeProcess.start(Map.of("PUSHWIRE_ADMIN_PASSWORD",
                "an-admin-password"), "--demo", "false", "--drain-period", "3s")) {
            assertThat(status(serve, "/health/ready")).isEqualTo(200);
            assertThat(status(serve, "/echo")).as("no demo routes").isEqualTo(404);
            assertThat(status(serve, "/admin")).isEqualTo(200);
            CompletableFuture<String> closed = new CompletableFuture<>();
            HTTP.newWebSocketBuilder().buildAsync(URI.create(serve.ws("/pushwire")), new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                    closed.complete(code + " " + reason);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);

            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                    () -> serve.process().terminate(Duration.ofSeconds(30)));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                try {
                    return status(serve, "/health/ready") == 503;
                } catch (Exception e) {
                    return false; // stopped already: the close below still tells
                }
            });
            String close = closed.get(20, TimeUnit.SECONDS);
            assertThat(close).startsWith("1001 ");
            assertThat(DrainNotice.windowMillis(close.substring(5))).hasValue(3000);
            assertThat(exit.get(40, TimeUnit.SECONDS)).as(serve.process().output()).isIn(0, 143);
        }
    }

    private static int status(PushwireServeProcess serve, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(serve.http(path))).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
