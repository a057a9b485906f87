package dev.pushwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Plain HTTP on the same port: routes (also answered later from another thread), static files, errors. */
class HttpAndStaticTest {
    private PushwireServer server;

    @BeforeEach
    void start() {
        server = PushwireServer.builder().host("127.0.0.1").port(0).maxRequestBodyBytes(1000).build();
        server.staticResources("/", "testweb");
        server.endpoint("/", conn -> conn.send("server hello"));
        server.http("/poll/data", exchange -> exchange.respond(200, "text/plain", "tick 1".getBytes()));
        server.http("/longpoll/data", exchange -> CompletableFuture.runAsync(
                () -> exchange.respond(200, Map.of("Content-Type", "text/plain", "X-Held", "yes"), "late".getBytes()),
                CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS)));
        server.http("/upload", exchange -> exchange.respond(200, "text/plain",
                (exchange.method() + " " + new String(exchange.body(), StandardCharsets.UTF_8)).getBytes()));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private RawHttp.Response get(String path) throws Exception {
        return RawHttp.exchange(server.port(), "GET " + path + " HTTP/1.1\nHost: x\nConnection: close\n\n");
    }

    @Test
    void servesIndexHtmlForTheRootAndFilesWithTheirContentTypes() throws Exception {
        RawHttp.Response index = get("/");
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(index.body()).contains("<p>index</p>");
        RawHttp.Response js = get("/app.js");
        assertThat(js.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(js.body()).isEqualTo("export const answer = 42;\n");
        assertThat(get("/sub/style.css").header("Content-Type")).isEqualTo("text/css; charset=utf-8");
        assertThat(get("/sub/").body()).contains("sub index");
        assertThat(get("/sub").body()).contains("sub index");
    }

    @Test
    void theRootPathIsAlsoAWebSocketEndpoint() throws Exception {
        try (TestWebSocketClient c = TestWebSocketClient.to("ws://127.0.0.1:" + server.port() + "/").connect()) {
            assertThat(c.nextText()).isEqualTo("server hello");
        }
    }

    @Test
    void refusesPathTraversalWith400() throws Exception {
        for (String path : new String[] {"/../pom.xml", "/sub/../../x", "/%2e%2e/secret", "/sub/..%2f..%2fx",
            "/a%5c..%5cb"}) {
            RawHttp.Response r = get(path);
            assertThat(r.status()).as(path).isEqualTo(400);
            assertThat(r.body()).as(path).contains("\"error\":\"invalid_path\"");
        }
    }

    @Test
    void answers404WithJsonForAMissingFile() throws Exception {
        RawHttp.Response r = get("/missing.js");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.body()).isEqualTo("{\"error\":\"not_found\",\"message\":\"nothing is served at /missing.js\"}");
    }

    @Test
    void answersHttpRoutesAtOnceOrLaterFromAnotherThread() throws Exception {
        RawHttp.Response now = get("/poll/data");
        assertThat(now.status()).isEqualTo(200);
        assertThat(now.body()).isEqualTo("tick 1");
        long start = System.nanoTime();
        RawHttp.Response held = get("/longpoll/data");
        assertThat(held.status()).isEqualTo(200);
        assertThat(held.header("X-Held")).isEqualTo("yes");
        assertThat(held.body()).isEqualTo("late");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void passesTheRequestBodyAndRefusesOneOverTheLimitWith413() throws Exception {
        RawHttp.Response ok = RawHttp.exchange(server.port(),
                "POST /upload HTTP/1.1\nHost: x\nContent-Length: 5\nConnection: close\n\nhello");
        assertThat(ok.body()).isEqualTo("POST hello");
        RawHttp.Response big = RawHttp.exchange(server.port(),
                "POST /upload HTTP/1.1\nHost: x\nContent-Length: 2000\nConnection: close\n\n" + "x".repeat(2000));
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.body()).contains("\"error\":\"request_body_too_large\"");
    }

    @Test
    void answersMalformedRequestsWith400() throws Exception {
        RawHttp.Response r = RawHttp.exchange(server.port(), "NOT HTTP AT ALL\n\n");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("\"error\":\"bad_request\"");
    }

    @Test
    void servesSeveralRequestsOnAKeptAliveConnection() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            for (int i = 0; i < 3; i++) {
                s.getOutputStream().write("GET /poll/data HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
                RawHttp.Response r = RawHttp.read(s.getInputStream());
                assertThat(r.body()).isEqualTo("tick 1");
            }
        }
    }
}
