package dev.pushwire.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pushwire.client.ConnectFailedException.Reason;
import dev.pushwire.core.CloseEvent;
import dev.pushwire.server.EndpointOptions;
import dev.pushwire.server.PushwireServer;
import dev.pushwire.server.UpgradeDecision;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the client reports when our own server refuses or shapes the handshake. */
class HandshakeWithPushwireServerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private PushwireServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private URI start(PushwireServer.Builder builder, EndpointOptions endpoint) {
        server = builder.host("127.0.0.1").port(0).build();
        server.endpoint("/chat", endpoint, conn -> conn.onMessage(m -> conn.send(m, null)));
        server.start();
        return URI.create("ws://127.0.0.1:" + server.port() + "/chat");
    }

    @Test
    void upgradeHookRejectionReachesTheClientWithStatusAndJsonBody() {
        String body = "{\"error\":\"unauthorized\",\"message\":\"send a token\"}";
        URI uri = start(PushwireServer.builder().upgradeHook(request ->
                request.header("Authorization").isPresent() ? UpgradeDecision.accept()
                        : UpgradeDecision.reject(401, body)), EndpointOptions.DEFAULT);

        PushwireClient refused = PushwireClient.connect(uri, ClientOptions.builder().transports("websocket").build());
        assertThatThrownBy(() -> refused.awaitOpen(DEADLINE))
                .isInstanceOfSatisfying(ConnectFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.REJECTED);
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.responseBody()).isEqualTo(body);
                })
                .hasMessage(uri + ": the server refused the upgrade with HTTP 401 Unauthorized: " + body);

        PushwireClient allowed = PushwireClient.connect(uri, ClientOptions.builder()
                .header("Authorization", "Bearer t").build());
        allowed.awaitOpen(DEADLINE);
        assertThat(allowed.isOpen()).isTrue();
        allowed.close();
    }

    @Test
    void originOutsideTheAllowListIsRefusedWith403() {
        URI uri = start(PushwireServer.builder().allowedOrigins(List.of("https://app.example")),
                EndpointOptions.DEFAULT);

        PushwireClient wrong = PushwireClient.connect(uri, ClientOptions.builder()
                .header("Origin", "https://evil.example").build());
        assertThatThrownBy(() -> wrong.awaitOpen(DEADLINE))
                .isInstanceOfSatisfying(ConnectFailedException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.responseBody()).contains("\"error\"");
                });

        PushwireClient right = PushwireClient.connect(uri, ClientOptions.builder()
                .header("Origin", "https://app.example").build());
        right.awaitOpen(DEADLINE);
        right.close();
    }

    @Test
    void serverThatPicksNoneOfTheOfferedSubprotocolsFailsTheHandshakeWithoutFallingBack() {
        URI uri = start(PushwireServer.builder(), EndpointOptions.builder().subprotocols("chat.v2").build());

        PushwireClient ws = PushwireClient.connect(uri, ClientOptions.builder().subprotocols("mqtt").build());
        assertThatThrownBy(() -> ws.awaitOpen(DEADLINE))
                .isInstanceOfSatisfying(ConnectFailedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_HANDSHAKE))
                .hasMessageContaining("subprotocol")
                .hasMessageNotContaining("sse");
    }

    @Test
    void unknownPathIsRefusedWith404() {
        URI uri = start(PushwireServer.builder(), EndpointOptions.DEFAULT);
        PushwireClient ws = PushwireClient.connect(uri.resolve("/nowhere"), ClientOptions.DEFAULT);
        assertThatThrownBy(() -> ws.awaitOpen(DEADLINE))
                .isInstanceOfSatisfying(ConnectFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.REJECTED);
                    assertThat(e.status()).isEqualTo(404);
                });
    }

    @Test
    void connectsToAnIpv6Literal() {
        server = PushwireServer.builder().host("::1").port(0).build();
        server.endpoint("/", conn -> conn.onMessage(m -> conn.send(m, null)));
        server.start();
        PushwireClient ws = PushwireClient.connect("ws://[::1]:" + server.port() + "/");
        Recorder rec = Recorder.of(ws);
        ws.awaitOpen(DEADLINE);
        ws.send("over v6");
        assertThat(rec.nextMessage(DEADLINE).text()).isEqualTo("over v6");
        assertThat(ws.remoteAddress().getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        ws.close();
    }

    @Test
    void gracefulServerStopClosesTheClientWith1001() throws Exception {
        URI uri = start(PushwireServer.builder(), EndpointOptions.DEFAULT);
        PushwireClient ws = PushwireClient.connect(uri, ClientOptions.DEFAULT);
        CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
        ws.onClose(closed::complete);
        ws.awaitOpen(DEADLINE);
        // The server registers a connection just after writing its 101, so the client can be open a moment before
        // the server counts it; a stop() in that moment drops it with 1006 (reported to the server's owner).
        await().atMost(DEADLINE).until(() -> server.connections().size() == 1);
        server.stop();
        server = null;
        assertThat(closed).succeedsWithin(DEADLINE).satisfies(e -> {
            assertThat(e.code()).isEqualTo(1001);
            assertThat(e.reason()).isEqualTo("server shutting down");
            assertThat(e.remote()).isTrue();
            assertThat(e.clean()).isTrue();
        });
    }
}
