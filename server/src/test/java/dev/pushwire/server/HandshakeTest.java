package dev.pushwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.Connection;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The opening handshake: what the server answers to good and bad upgrade requests. */
class HandshakeTest {
    private PushwireServer server;

    private PushwireServer start(PushwireServer.Builder builder) {
        server = builder.host("127.0.0.1").port(0).build();
        server.endpoint("/echo", conn -> conn.onMessage(msg -> conn.send(msg, null)));
        server.start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void answers101WithTheAcceptKeyOfRfc6455() throws Exception {
        start(PushwireServer.builder());
        RawHttp.Response r = RawHttp.exchange(server.port(), RawHttp.upgrade("/echo"));
        assertThat(r.status()).isEqualTo(101);
        assertThat(r.header("Sec-WebSocket-Accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        assertThat(r.header("Upgrade")).isEqualToIgnoringCase("websocket");
    }

    @Test
    void refusesTwoSecWebSocketKeysWith400AndTheJsonError() throws Exception {
        start(PushwireServer.builder());
        RawHttp.Response r = RawHttp.exchange(server.port(),
                RawHttp.upgrade("/echo", "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw=="));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.body()).contains("\"error\":\"bad_handshake\"").contains("Sec-WebSocket-Key appears 2 times");
    }

    @Test
    void refusesAnUpgradeWithoutHostWith400AndTheJsonError() throws Exception {
        start(PushwireServer.builder());
        String request = RawHttp.upgrade("/echo").replace("Host: 127.0.0.1\n", "");
        RawHttp.Response r = RawHttp.exchange(server.port(), request);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("\"error\":\"bad_handshake\"").contains("Host header is missing");
    }

    @Test
    void refusesAnUpgradeOverHttp10With400AndTheJsonError() throws Exception {
        start(PushwireServer.builder());
        String request = RawHttp.upgrade("/echo").replace("HTTP/1.1", "HTTP/1.0");
        RawHttp.Response r = RawHttp.exchange(server.port(), request);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("\"error\":\"bad_handshake\"").contains("HTTP/1.1");
        // the same request over HTTP/1.1 opens, so it was the version that was refused
        assertThat(RawHttp.exchange(server.port(), RawHttp.upgrade("/echo")).status()).isEqualTo(101);
    }

    @Test
    void refusesAnUnsupportedVersionWith426AndTheVersionItSpeaks() throws Exception {
        start(PushwireServer.builder());
        RawHttp.Response r = RawHttp.exchange(server.port(), RawHttp.upgrade("/echo", "Sec-WebSocket-Version: 8"));
        assertThat(r.status()).isEqualTo(426);
        assertThat(r.header("Sec-WebSocket-Version")).isEqualTo("13");
        assertThat(r.body()).contains("\"error\":\"unsupported_websocket_version\"").contains("version 8");
    }

    @Test
    void refusesAnOriginOutsideTheAllowListWith403() throws Exception {
        start(PushwireServer.builder().allowedOrigins(List.of("https://good.example")));
        RawHttp.Response bad = RawHttp.exchange(server.port(),
                RawHttp.upgrade("/echo", "Origin: https://evil.example"));
        assertThat(bad.status()).isEqualTo(403);
        assertThat(bad.body()).contains("\"error\":\"origin_not_allowed\"").contains("https://evil.example");
        RawHttp.Response good = RawHttp.exchange(server.port(),
                RawHttp.upgrade("/echo", "Origin: https://GOOD.example"));
        assertThat(good.status()).isEqualTo(101);
    }

    @Test
    void refusesUpgradesPastMaxConnectionsWith503() throws Exception {
        start(PushwireServer.builder().maxConnections(2));
        try (TestWebSocketClient a = client(); TestWebSocketClient b = client()) {
            RawHttp.Response r = RawHttp.exchange(server.port(), RawHttp.upgrade("/echo"));
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.body()).contains("\"error\":\"too_many_connections\"");
            a.close(1000, "");
            a.awaitDisconnect(Duration.ofSeconds(5));
            await().until(() -> server.connections().size() == 1);
            try (TestWebSocketClient c = client()) {
                assertThat(c.isOpen()).isTrue();
            }
        }
    }

    @Test
    void refusesRequestHeadersOverTheLimitWith431() throws Exception {
        start(PushwireServer.builder().maxRequestHeaderBytes(1024));
        RawHttp.Response r = RawHttp.exchange(server.port(),
                RawHttp.upgrade("/echo", "X-Big: " + "a".repeat(2000)));
        assertThat(r.status()).isEqualTo(431);
        assertThat(r.body()).contains("\"error\":\"request_headers_too_large\"");
    }

    @Test
    void sendsTheUpgradeHooksRejectionAsIs() throws Exception {
        start(PushwireServer.builder().upgradeHook(req -> req.queryParam("token").orElse("").equals("secret")
                ? UpgradeDecision.accept(Map.of("user", "ada"))
                : UpgradeDecision.reject(401, "{\"error\":\"unauthorized\",\"message\":\"bad token\"}")));
        RawHttp.Response r = RawHttp.exchange(server.port(), RawHttp.upgrade("/echo?token=nope"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.body()).isEqualTo("{\"error\":\"unauthorized\",\"message\":\"bad token\"}");

        try (TestWebSocketClient c = TestWebSocketClient.to("ws://127.0.0.1:" + server.port() + "/echo?token=secret")
                .connect()) {
            assertThat(c.isOpen()).isTrue();
            await().until(() -> server.connections().size() == 1);
            Connection conn = server.connections().iterator().next();
            assertThat((String) conn.attribute("user")).isEqualTo("ada");
            assertThat(conn.request().queryParam("token")).contains("secret");
        }
    }

    @Test
    void selectsTheEndpointsPreferredSubprotocolAmongThoseOffered() throws Exception {
        start(PushwireServer.builder());
        AtomicReference<String> seen = new AtomicReference<>();
        server.endpoint("/chat", EndpointOptions.builder().subprotocols("chat.v2", "chat.v1").build(),
                conn -> seen.set(conn.protocol()));
        try (TestWebSocketClient c = TestWebSocketClient.to("ws://127.0.0.1:" + server.port() + "/chat")
                .subprotocols("chat.v1, chat.v2").connect()) {
            assertThat(c.handshaker.actualSubprotocol()).isEqualTo("chat.v2");
            await().until(() -> "chat.v2".equals(seen.get()));
        }
        RawHttp.Response none = RawHttp.exchange(server.port(),
                RawHttp.upgrade("/chat", "Sec-WebSocket-Protocol: other"));
        assertThat(none.status()).isEqualTo(101);
        assertThat(none.header("Sec-WebSocket-Protocol")).isNull();
    }

    @Test
    void answers404ForAnUnknownPathAnd426ForAPlainRequestToAnEndpoint() throws Exception {
        start(PushwireServer.builder());
        RawHttp.Response unknown = RawHttp.exchange(server.port(), RawHttp.upgrade("/nowhere"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"error\":\"not_found\"");
        RawHttp.Response plain = RawHttp.exchange(server.port(), "GET /echo HTTP/1.1\nHost: x\nConnection: close\n\n");
        assertThat(plain.status()).isEqualTo(426);
        assertThat(plain.body()).contains("\"error\":\"upgrade_required\"");
    }

    @Test
    void closesAHandshakeTrickledSlowerThanTheHandshakeTimeout() throws Exception {
        start(PushwireServer.builder().handshakeTimeout(Duration.ofMillis(500)));
        byte[] request = RawHttp.upgrade("/echo").getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            long start = System.nanoTime();
            int sent = 0;
            try {
                for (; sent < request.length; sent++) {
                    out.write(request[sent]);
                    out.flush();
                    Thread.sleep(100); // the attack itself: one byte per 100 ms
                }
            } catch (java.io.IOException closed) {
                // the server closed the connection: expected
            }
            s.setSoTimeout(5000);
            assertThat(in.read()).as("the server closed without answering").isEqualTo(-1);
            assertThat(sent).isLessThan(request.length);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    private TestWebSocketClient client() throws Exception {
        return TestWebSocketClient.to("ws://127.0.0.1:" + server.port() + "/echo").connect();
    }
}
