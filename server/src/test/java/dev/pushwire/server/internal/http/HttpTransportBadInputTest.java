package dev.pushwire.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.core.Message;
import dev.pushwire.server.HttpTransportOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every bad request gets a clear JSON error with the right status, and another session keeps working meanwhile. */
class HttpTransportBadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private TestHttpServer server;
    private SessionTestClient bystander;

    @BeforeEach
    void start() throws Exception {
        server = new TestHttpServer(HttpTransportOptions.builder().maxPostBytes(10_000)
                .longPollHold(Duration.ofSeconds(2)).build(), List.of("http://good.example"));
        server.endpoint("/echo", ConnectionLimits.builder().maxMessageBytes(1000).maxFrameBytes(1000).build(),
                conn -> conn.onMessage(m -> conn.send(m, null)));
        bystander = new SessionTestClient(server.url("/echo"), "longpolling").start();
    }

    @AfterEach
    void stop() {
        bystander.close();
        server.close();
    }

    @Test
    void unknownSessionGets404TellingToOpenANewOne() throws Exception {
        HttpResponse<String> r = get("/echo?transport=longpolling&sid=nope&ack=0");
        assertError(r, 404, "unknown_session", "open a new session");
        assertBystanderStillEchoes();
    }

    @Test
    void ackBeyondWhatWasDeliveredGets400() throws Exception {
        String sid = open("polling");
        HttpResponse<String> r = get("/echo?transport=polling&sid=" + sid + "&ack=5");
        assertError(r, 400, "bad_ack", "delivered up to 0");
        assertThat(get("/echo?transport=polling&sid=" + sid + "&ack=0").statusCode()).isEqualTo(200);
        assertBystanderStillEchoes();
    }

    @Test
    void garbageParametersGet400() throws Exception {
        String sid = open("polling");
        assertError(get("/echo?transport=polling&sid=" + sid + "&ack=abc"), 400, "bad_parameter",
                "ack must be a whole number >= 0, was 'abc'");
        assertError(get("/echo?transport=pigeon"), 400, "unknown_transport", "pigeon");
        assertError(post("/echo?transport=polling&sid=" + sid, "[{\"type\":\"text\",\"data\":\"x\"}]"), 400,
                "bad_parameter", "seq is missing");
        assertError(post("/echo?transport=polling&sid=" + sid + "&seq=1", "{not json"), 400, "bad_body",
                "must be a JSON array");
        assertError(post("/echo?transport=polling&sid=" + sid + "&seq=7", "[{\"type\":\"text\",\"data\":\"x\"}]"),
                400, "sequence_gap", "must start at 1");
        assertError(get("/echo?transport=longpolling&sid=" + sid), 400, "transport_mismatch", "polling");
        assertBystanderStillEchoes();
    }

    @Test
    void hugePostGets413AndTheSessionStaysUsable() throws Exception {
        String sid = open("polling");
        String big = "[{\"type\":\"text\",\"data\":\"" + "x".repeat(20_000) + "\"}]";
        assertError(post("/echo?transport=polling&sid=" + sid + "&seq=1", big), 413, "body_too_large",
                "over the limit of 10000");
        assertThat(post("/echo?transport=polling&sid=" + sid + "&seq=1",
                "[{\"type\":\"text\",\"data\":\"ok\"}]").body()).isEqualTo("{\"received\":1}");
        assertBystanderStillEchoes();
    }

    @Test
    void messageOverTheLimitGets413AndClosesTheSessionWith1009() throws Exception {
        String sid = open("polling");
        String tooBig = "[{\"type\":\"text\",\"data\":\"" + "x".repeat(2_000) + "\"}]";
        assertError(post("/echo?transport=polling&sid=" + sid + "&seq=1", tooBig), 413, "message_too_big",
                "over the limit of 1000");
        HttpResponse<String> after = get("/echo?transport=polling&sid=" + sid + "&ack=0");
        assertError(after, 404, "unknown_session", "session closed (1009");
        assertThat(JSON.readTree(after.body()).at("/close/code").asInt()).isEqualTo(1009);
        assertBystanderStillEchoes();
    }

    @Test
    void wrongMethodGets405WithAllow() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url("/echo?transport=polling")))
                .method("PUT", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertError(r, 405, "method_not_allowed", "use GET, POST, DELETE or OPTIONS");
        assertThat(r.headers().firstValue("Allow")).hasValue("GET, POST, DELETE, OPTIONS");
    }

    @Test
    void disallowedOriginGets403AndAllowedOneGetsCorsHeaders() throws Exception {
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(server.url("/echo?transport=polling")))
                .header("Origin", "http://evil.example").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertError(bad, 403, "origin_not_allowed", "http://evil.example");
        HttpResponse<String> good = http.send(HttpRequest.newBuilder(URI.create(server.url("/echo?transport=polling")))
                .header("Origin", "http://good.example").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(good.statusCode()).isEqualTo(200);
        assertThat(good.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://good.example");
        assertThat(good.headers().firstValue("Cache-Control")).hasValue("no-store");
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(
                server.url("/echo?transport=polling"))).header("Origin", "http://good.example")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods"))
                .hasValue("GET, POST, DELETE, OPTIONS");
    }

    @Test
    void openAnswersTheSessionSettings() throws Exception {
        HttpResponse<String> r = get("/echo?transport=longpolling");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode open = JSON.readTree(r.body());
        assertThat(open.get("sid").asText()).as("node id, a dot, 144 random bits")
                .matches("[A-Za-z0-9_-]{1,40}\\.[A-Za-z0-9_-]{24}");
        assertThat(open.get("holdMs").asLong()).isEqualTo(2000);
        assertThat(open.get("maxPostBytes").asInt()).isEqualTo(10_000);
        assertThat(open.get("maxMessageBytes").asInt()).isEqualTo(1000);
    }

    @Test
    void clientDeleteClosesTheSessionAndTheHandlerHearsIt() throws Exception {
        String sid = open("polling");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url(
                "/echo?transport=polling&sid=" + sid + "&code=4100&reason=done"))).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        HttpResponse<String> after = get("/echo?transport=polling&sid=" + sid + "&ack=0");
        assertThat(JSON.readTree(after.body()).at("/close/code").asInt()).isEqualTo(4100);
        assertError(http.send(HttpRequest.newBuilder(URI.create(server.url(
                "/echo?transport=longpolling&sid=" + bystander.sid + "&code=1006"))).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()), 400, "bad_parameter", "1000 or 3000-4999");
        assertBystanderStillEchoes();
    }

    private void assertBystanderStillEchoes() {
        int before = bystander.received.size();
        bystander.send(Message.text("still here " + before));
        await().atMost(Duration.ofSeconds(10)).until(() -> bystander.received.size() > before);
        assertThat(bystander.received.get(before)).isEqualTo(Message.text("still here " + before));
        assertThat(bystander.errors).isEmpty();
    }

    private String open(String transport) throws Exception {
        HttpResponse<String> r = get("/echo?transport=" + transport);
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body()).get("sid").asText();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url(path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url(path)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> r, int status, String code, String messagePart)
            throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("error").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).contains(messagePart);
    }
}
