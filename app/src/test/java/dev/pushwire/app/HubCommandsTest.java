package dev.pushwire.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code pushwire publish} and the demo server's hub API, in process, over real loopback sockets. */
class HubCommandsTest {
    private static final String KEY = "demo-api-key";
    private static DemoServer server;

    @BeforeAll
    static void start() {
        server = DemoServer.start(ServeSettings.builder().host("127.0.0.1").port(0).apiKey(KEY).build());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine(Map.of());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString().trim(), err.toString().trim());
    }

    private static String url() {
        return "http://127.0.0.1:" + server.port();
    }

    @Test
    void publishPrintsThePositionAndTheHistoryHoldsThePublication() throws Exception {
        Run first = run("publish", "news", "{\"title\":\"one\"}", "--server", url(), "--api-key", KEY);
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).matches("[0-9a-f]+:1");
        Run second = run("publish", "news", "plain words", "--server", url(), "--api-key", KEY);
        assertThat(second.out()).endsWith(":2");

        HttpResponse<String> history = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url() + "/api/history?channel=news")).header("X-API-Key", KEY)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(history.body()).contains("{\"title\":\"one\"}").contains("\"plain words\"");
    }

    @Test
    void subscribeFromASavedPositionPrintsTheMissedPublicationsThenLiveOnes() throws Exception {
        String epoch = server.routes().hub().publish("ticker", "{\"n\":1}").join().epoch();
        server.routes().hub().publish("ticker", "{\"n\":2}").join();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine(Map.of());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        java.util.concurrent.CompletableFuture<Integer> exit = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> cl.execute("subscribe", "ticker", "--since", epoch + ":0", "--count", "3", "--server", url()));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> err.toString().contains("subscribed to ticker"));
        server.routes().hub().publish("ticker", "{\"n\":3}").join();
        assertThat(exit.get(15, java.util.concurrent.TimeUnit.SECONDS)).as(err.toString()).isZero();
        assertThat(out.toString().lines()).containsExactly("1 {\"n\":1}", "2 {\"n\":2}", "3 {\"n\":3}");
    }

    @Test
    void publishWithAWrongKeySaysUnauthorizedAndExitsOne() {
        Run r = run("publish", "news", "1", "--server", url(), "--api-key", "wrong");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: 401 unauthorized: send the API key in the X-API-Key header");
    }

    @Test
    void publishWithoutAKeyIsAUsageError() {
        Run r = run("publish", "news", "1", "--server", url());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--api-key");
    }

    @Test
    void theDemoApiIsOffWithoutAKey() throws Exception {
        try (DemoServer keyless = DemoServer.start(ServeSettings.builder().host("127.0.0.1").port(0).build())) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + keyless.port() + "/api/channels")).header("X-API-Key", "x")
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("api_disabled").contains("--api-key");
        }
    }
}
