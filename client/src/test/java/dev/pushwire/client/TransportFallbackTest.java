package dev.pushwire.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.Connection;
import dev.pushwire.core.Message;
import dev.pushwire.server.PushwireServer;
import dev.pushwire.server.UpgradeDecision;
import dev.pushwire.testkit.NginxProxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PushwireClient falls back from WebSocket to the HTTP transports by itself, and works the same over them. */
class TransportFallbackTest {
    private static final ClientOptions ALL = ClientOptions.builder()
            .transports("websocket", "sse", "longpolling", "polling").build();
    private final List<Connection> serverSide = new CopyOnWriteArrayList<>();
    private PushwireServer server;

    private PushwireServer start(PushwireServer.Builder builder) {
        server = builder.host("127.0.0.1").port(0).shutdownTimeout(Duration.ofSeconds(1)).build().start();
        server.endpoint("/echo", conn -> {
            serverSide.add(conn);
            conn.onMessage(m -> conn.send(m, null));
        });
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void fallsBackToSseWhenTheUpgradeIsRefusedAndEchoesTheSame() {
        start(PushwireServer.builder().upgradeHook(req -> req.queryParam("transport").isPresent()
                ? UpgradeDecision.accept(Map.of("user", "ann")) : UpgradeDecision.reject(403, "no WebSocket here")));
        PushwireClient client = PushwireClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), ALL);
        List<Message> received = new CopyOnWriteArrayList<>();
        client.onMessage(received::add);
        client.awaitOpen(Duration.ofSeconds(10));
        assertThat(client.transport()).isEqualTo("sse");
        client.send("hello ✓");
        client.send(new byte[] {1, 2, 3});
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        assertThat(received).containsExactly(Message.text("hello ✓"), Message.binary(new byte[] {1, 2, 3}));
        assertThat(serverSide).hasSize(1);
        assertThat(serverSide.get(0).transport()).isEqualTo("sse");
        assertThat((String) serverSide.get(0).attribute("user")).isEqualTo("ann");
        List<CloseEvent> closes = new CopyOnWriteArrayList<>();
        client.onClose(closes::add);
        client.close(1000, "bye");
        await().atMost(Duration.ofSeconds(5)).until(() -> closes.size() == 1);
        assertThat(closes.get(0).code()).isEqualTo(1000);
    }

    @Test
    void usesTheFirstTransportOfThePreferenceList() {
        start(PushwireServer.builder());
        for (String transport : List.of("longpolling", "polling", "sse")) {
            PushwireClient client = PushwireClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"),
                    ClientOptions.builder().transports(transport, "websocket").build());
            List<Message> received = new CopyOnWriteArrayList<>();
            client.onMessage(received::add);
            client.awaitOpen(Duration.ofSeconds(10));
            assertThat(client.transport()).isEqualTo(transport);
            client.send("over " + transport);
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
            assertThat(received.get(0).text()).isEqualTo("over " + transport);
            client.close();
        }
    }

    @Test
    void failsWithTheLastReasonWhenEveryTransportIsRefused() {
        start(PushwireServer.builder().upgradeHook(req -> UpgradeDecision.reject(401, "{\"error\":\"unauthorized\"}")));
        PushwireClient client = PushwireClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), ALL);
        assertThatThrownBy(() -> client.awaitOpen(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(ConnectFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ConnectFailedException.Reason.REJECTED);
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.getMessage()).contains("polling").contains("unauthorized");
                });
        assertThat(serverSide).isEmpty();
    }

    @Test
    void fallsBackThroughNginxThatDropsTheUpgradeHeaders() {
        start(PushwireServer.builder());
        try (NginxProxy nginx = NginxProxy.start(server.port(), Duration.ofSeconds(10), false)) {
            PushwireClient client = PushwireClient.connect(URI.create("ws://127.0.0.1:" + nginx.port() + "/echo"), ALL);
            List<Message> received = new CopyOnWriteArrayList<>();
            client.onMessage(received::add);
            client.awaitOpen(Duration.ofSeconds(15));
            assertThat(client.transport()).as(nginx.log()).isEqualTo("sse");
            for (int i = 0; i < 100; i++) {
                client.send("through nginx " + i);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 100);
            assertThat(received.get(99).text()).isEqualTo("through nginx 99");
            client.close();
        }
    }
}
