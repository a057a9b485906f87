package dev.pushwire.app.cluster;

import dev.pushwire.app.DemoServer;
import dev.pushwire.app.ServeSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One in-process demo node on loopback, sharing a Redis with its siblings, with helpers to call its API. */
final class ClusterNode implements AutoCloseable {
    static final String API_KEY = "cluster-test-key";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final DemoServer server;

    private ClusterNode(DemoServer server) {
        this.server = server;
    }

    static ClusterNode start(String redisUris, String nodeId) {
        return new ClusterNode(DemoServer.start(ServeSettings.builder().host("127.0.0.1").port(0)
                .apiKey(API_KEY).broker(redisUris).nodeId(nodeId).tickInterval(Duration.ofMillis(300))
                .presenceTtl(Duration.ofSeconds(3)).build()));
    }

    int port() {
        return server.port();
    }

    String ws(String path) {
        return "ws://127.0.0.1:" + port() + path;
    }

    /** POST /api/publish; answers status and body. */
    HttpResponse<String> publish(String channel, String dataJson, String idempotencyKey) throws Exception {
        String body = "{\"channel\":\"" + channel + "\",\"data\":" + dataJson
                + (idempotencyKey == null ? "" : ",\"idempotency_key\":\"" + idempotencyKey + "\"") + "}";
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/api/publish"))
                .timeout(Duration.ofSeconds(20)).header("X-API-Key", API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + pathAndQuery))
                .timeout(Duration.ofSeconds(20)).header("X-API-Key", API_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.stop();
    }
}
