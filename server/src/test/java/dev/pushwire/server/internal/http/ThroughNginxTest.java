package dev.pushwire.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.core.Message;
import dev.pushwire.server.HttpTransportOptions;
import dev.pushwire.testkit.NginxProxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Through a real nginx with {@code proxy_read_timeout 10s}: a held long poll and an SSE stream survive 13 quiet
 * seconds because the server answers or writes a heartbeat before the proxy gives up, and SSE is not buffered.
 */
class ThroughNginxTest {

    @Test
    void heldPollsAndSseStreamsSurviveAProxyReadTimeoutThroughHeartbeats() throws Exception {
        List<Connection> connections = new CopyOnWriteArrayList<>();
        HttpTransportOptions options = HttpTransportOptions.builder()
                .longPollHold(Duration.ofSeconds(4)).sseHeartbeat(Duration.ofSeconds(4)).build();
        try (TestHttpServer server = new TestHttpServer(options, List.of());
             NginxProxy nginx = NginxProxy.start(server.port(), Duration.ofSeconds(10), false)) {
            server.endpoint("/echo", ConnectionLimits.DEFAULT, conn -> {
                connections.add(conn);
                conn.onMessage(m -> conn.send(m, null));
            });
            String url = "http://127.0.0.1:" + nginx.port() + "/echo";
            try (SessionTestClient sse = new SessionTestClient(url, "sse").start();
                 SessionTestClient longPoll = new SessionTestClient(url, "longpolling").start()) {
                sse.send(Message.text("before"));
                longPoll.send(Message.text("before"));
                await().atMost(Duration.ofSeconds(5)).until(() -> sse.received.size() == 1
                        && longPoll.received.size() == 1);
                long quietUntil = System.nanoTime() + Duration.ofSeconds(13).toNanos();
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                        .until(() -> System.nanoTime() > quietUntil);
                for (Connection c : connections) {
                    c.send("after the quiet");
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> sse.received.size() == 2
                        && longPoll.received.size() == 2);
                assertThat(sse.received.get(1)).isEqualTo(Message.text("after the quiet"));
                assertThat(longPoll.received.get(1)).isEqualTo(Message.text("after the quiet"));
                assertThat(sse.errors).as(nginx.log()).isEmpty();
                assertThat(longPoll.errors).as(nginx.log()).isEmpty();
                assertThat(sse.retries).as("SSE stream reconnects (the proxy cut it)").isZero();
                assertThat(longPoll.retries).as("long polls failed by the proxy").isZero();
                assertThat(connections).hasSize(2).allSatisfy(c -> assertThat(c.isOpen()).isTrue());
            }
        }
    }
}
