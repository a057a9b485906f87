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
import dev.pushwire.testkit.TestCertificate;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PushwireClient falls back from WebSocket to the HTTP transports by itself, and works the same over them. */
class TransportFallbackTest {
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
    void defaultClientFallsBackToSseWhenTheUpgradeIsRefusedAndEchoesTheSame() {
        start(PushwireServer.builder().upgradeHook(req -> req.queryParam("transport").isPresent()
                ? UpgradeDecision.accept(Map.of("user", "ann")) : UpgradeDecision.reject(403, "no WebSocket here")));
        PushwireClient client = PushwireClient.connect("ws://127.0.0.1:" + server.port() + "/echo");
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
    void fallsBackOverHttpsTrustingTheSameCertificatesAsTheWebSocket(@TempDir Path dir) {
        TestCertificate cert = TestCertificate.create(dir);
        start(PushwireServer.builder().tls(cert.certPem(), cert.keyPem()).upgradeHook(req ->
                req.queryParam("transport").isPresent() ? UpgradeDecision.accept() : UpgradeDecision.reject(403, "no")));
        PushwireClient client = PushwireClient.connect(URI.create("wss://127.0.0.1:" + server.port() + "/echo"),
                ClientOptions.builder().trustedCertificates(cert.certPem()).build());
        assertEchoesOver(client, "sse");
    }

    @Test
    void fallsBackOverHttpsWithoutHostNameVerificationWhenItIsOff(@TempDir Path dir) {
        TestCertificate cert = TestCertificate.createOnlyFor(dir, "elsewhere.example");
        start(PushwireServer.builder().tls(cert.certPem(), cert.keyPem()).upgradeHook(req ->
                req.queryParam("transport").isPresent() ? UpgradeDecision.accept() : UpgradeDecision.reject(403, "no")));
        URI uri = URI.create("wss://127.0.0.1:" + server.port() + "/echo");
        ClientOptions trusting = ClientOptions.builder().trustedCertificates(cert.certPem()).build();
        assertThatThrownBy(() -> PushwireClient.connect(uri, trusting).awaitOpen(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(ConnectFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ConnectFailedException.Reason.TLS);
                    assertThat(e.attempts()).as("a TLS failure ends the attempt").hasSize(1);
                });
        assertEchoesOver(PushwireClient.connect(uri, trusting.toBuilder().verifyHostname(false).build()), "sse");
    }

    private static void assertEchoesOver(PushwireClient client, String transport) {
        List<Message> received = new CopyOnWriteArrayList<>();
        client.onMessage(received::add);
        client.awaitOpen(Duration.ofSeconds(10));
        assertThat(client.transport()).isEqualTo(transport);
        client.send("secret");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        assertThat(received.get(0).text()).isEqualTo("secret");
        client.close();
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
    void whenEveryTransportIsRefusedOneErrorListsEachAnswerWithTheWebSocketsStatus() {
        start(PushwireServer.builder().upgradeHook(req -> req.queryParam("transport").isPresent()
                ? UpgradeDecision.reject(403, "{\"error\":\"forbidden\",\"message\":\"no " + req.queryParam("transport")
                        .orElseThrow() + "\"}")
                : UpgradeDecision.reject(401, "{\"error\":\"unauthorized\"}")));
        String url = "ws://127.0.0.1:" + server.port() + "/echo";
        PushwireClient client = PushwireClient.connect(url);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<CloseEvent> closes = new CopyOnWriteArrayList<>();
        client.onError(errors::add);
        client.onClose(closes::add);
        assertThatThrownBy(() -> client.awaitOpen(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(ConnectFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ConnectFailedException.Reason.REJECTED);
                    assertThat(e.status()).as("the WebSocket's answer").isEqualTo(401);
                    assertThat(e.responseBody()).isEqualTo("{\"error\":\"unauthorized\"}");
                    assertThat(e.attempts()).extracting(ConnectFailedException::status)
                            .containsExactly(401, 403, 403, 403);
                    assertThat(e.getMessage()).startsWith(url + ": no transport could open: websocket: the server "
                                    + "refused the upgrade with HTTP 401")
                            .contains("; sse: the server answered HTTP 403: {\"error\":\"forbidden\",\"message\":\"no sse\"}")
                            .contains("; longpolling: the server answered HTTP 403: {\"error\":\"forbidden\","
                                    + "\"message\":\"no longpolling\"}")
                            .endsWith("; polling: the server answered HTTP 403: {\"error\":\"forbidden\","
                                    + "\"message\":\"no polling\"}");
                });
        await().atMost(Duration.ofSeconds(5)).until(() -> closes.size() == 1);
        assertThat(errors).singleElement().isInstanceOfSatisfying(ConnectFailedException.class,
                e -> assertThat(e.attempts()).hasSize(4));
        assertThat(closes.get(0).code()).isEqualTo(1006);
        assertThat(serverSide).isEmpty();
    }

    @Test
    void websocketOnlyOptionFailsWithTheRefusedUpgradeAndTriesNothingElse() {
        List<String> tried = new CopyOnWriteArrayList<>();
        start(PushwireServer.builder().upgradeHook(req -> {
            tried.add(req.queryParam("transport").orElse("websocket"));
            return UpgradeDecision.reject(403, "no");
        }));
        String url = "ws://127.0.0.1:" + server.port() + "/echo";
        PushwireClient client = PushwireClient.connect(URI.create(url),
                ClientOptions.builder().transports("websocket").build());
        assertThatThrownBy(() -> client.awaitOpen(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(ConnectFailedException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.attempts()).hasSize(1);
                })
                .hasMessageStartingWith(url + ": the server refused the upgrade with HTTP 403");
        assertThat(tried).containsExactly("websocket");
    }

    @Test
    void serverThatNeverAnswersFailsEachTransportWithinItsDeadlineAndListsThem() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            PushwireClient client = PushwireClient.connect(URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/"),
                    ClientOptions.builder().connectTimeout(Duration.ofMillis(300))
                            .handshakeTimeout(Duration.ofMillis(300)).build());
            assertThatThrownBy(() -> client.awaitOpen(Duration.ofSeconds(20)))
                    .isInstanceOfSatisfying(ConnectFailedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(ConnectFailedException.Reason.HANDSHAKE_TIMEOUT);
                        assertThat(e.attempts()).extracting(ConnectFailedException::reason)
                                .containsOnly(ConnectFailedException.Reason.HANDSHAKE_TIMEOUT).hasSize(4);
                        assertThat(e.getMessage())
                                .contains("websocket: no answer to the WebSocket upgrade within PT0.3S")
                                .contains("; sse: not open within PT0.6S")
                                .contains("; polling: not open within PT0.6S");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void defaultClientFallsBackThroughNginxThatDropsTheUpgradeHeaders() {
        start(PushwireServer.builder());
        try (NginxProxy nginx = NginxProxy.start(server.port(), Duration.ofSeconds(10), false)) {
            PushwireClient client = PushwireClient.connect("ws://127.0.0.1:" + nginx.port() + "/echo");
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
