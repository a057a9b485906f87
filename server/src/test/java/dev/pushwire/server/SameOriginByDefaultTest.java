package dev.pushwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cross-site WebSocket hijacking and cross-origin session reads, over real sockets: with no settings a page on
 * another origin can neither open a WebSocket nor an HTTP session; the server's own origin and non-browser clients
 * can; listed origins get CORS with credentials, {@code *} without.
 */
class SameOriginByDefaultTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final HttpClient http = HttpClient.newHttpClient();
    private PushwireServer server;

    private void start(PushwireServer.Builder builder) {
        server = builder.host("127.0.0.1").port(0).meterRegistry(meters).shutdownTimeout(java.time.Duration.ofSeconds(1)).build();
        server.endpoint("/echo", conn -> conn.onMessage(msg -> conn.send(msg, null)));
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private String self() {
        return "http://127.0.0.1:" + server.port();
    }

    private RawHttp.Response upgrade(String origin) throws Exception {
        String host = "Host: 127.0.0.1:" + server.port();
        String request = RawHttp.upgrade("/echo", origin == null ? new String[0] : new String[] {"Origin: " + origin})
                .replace("Host: 127.0.0.1\n", host + "\n");
        return RawHttp.exchange(server.port(), request);
    }

    private HttpResponse<String> openSession(String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(self() + "/echo?transport=polling")).GET();
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aForeignOriginIsRefusedOnWebSocketAndHttpTransportsByDefault() throws Exception {
        start(PushwireServer.builder());
        RawHttp.Response ws = upgrade("http://evil.example");
        assertThat(ws.status()).isEqualTo(403);
        assertThat(ws.body()).contains("\"error\":\"origin_not_allowed\"").contains("http://evil.example");
        assertThat(ws.header("Access-Control-Allow-Origin")).isNull();

        RawHttp.Response otherPort = upgrade("http://127.0.0.1:" + (server.port() == 1 ? 2 : server.port() - 1));
        assertThat(otherPort.status()).as("same host, other port").isEqualTo(403);

        HttpResponse<String> session = openSession("http://evil.example");
        assertThat(session.statusCode()).isEqualTo(403);
        assertThat(session.body()).contains("\"error\":\"origin_not_allowed\"");
        assertThat(session.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(session.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(server.connections()).isEmpty();
        assertThat(meters.get("pushwire.security.refused").tag("reason", "origin").counter().count())
                .isEqualTo(3.0);
    }

    @Test
    void theServersOwnOriginAndClientsWithoutOriginAreServed() throws Exception {
        start(PushwireServer.builder());
        assertThat(upgrade(self()).status()).isEqualTo(101);
        assertThat(upgrade(null).status()).isEqualTo(101);
        HttpResponse<String> same = openSession(self());
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(same.headers().firstValue("Access-Control-Allow-Origin")).as("same origin needs no CORS").isEmpty();
        assertThat(openSession(null).statusCode()).isEqualTo(200);
    }

    @Test
    void aListedOriginGetsCredentialedCorsAndStarGetsCorsWithoutCredentials() throws Exception {
        start(PushwireServer.builder().allowedOrigins(List.of("https://*.app.example", "*")));
        assertThat(upgrade("https://eu.app.example").status()).isEqualTo(101);
        HttpResponse<String> listed = openSession("https://eu.app.example");
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://eu.app.example");
        assertThat(listed.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");

        assertThat(upgrade("http://anyone.example").status()).isEqualTo(101);
        HttpResponse<String> any = openSession("http://anyone.example");
        assertThat(any.statusCode()).isEqualTo(200);
        assertThat(any.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(any.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    }

    @Test
    void behindATrustedProxyTheForwardedSchemeAndHostMakeTheOrigin() throws Exception {
        start(PushwireServer.builder().abuseLimits(AbuseLimits.builder().trustedProxies(List.of("127.0.0.1")).build()));
        String request = RawHttp.upgrade("/echo", "Origin: https://chat.example", "X-Forwarded-Proto: https",
                "X-Forwarded-Host: chat.example");
        assertThat(RawHttp.exchange(server.port(), request).status()).isEqualTo(101);
        String spoofed = RawHttp.upgrade("/echo", "Origin: https://chat.example", "X-Forwarded-Proto: https",
                "X-Forwarded-Host: other.example");
        assertThat(RawHttp.exchange(server.port(), spoofed).status()).isEqualTo(403);
    }

    @Test
    void forwardedHeadersFromAnUntrustedPeerAreIgnored() throws Exception {
        start(PushwireServer.builder());
        String request = RawHttp.upgrade("/echo", "Origin: https://chat.example", "X-Forwarded-Proto: https",
                "X-Forwarded-Host: chat.example");
        assertThat(RawHttp.exchange(server.port(), request).status()).isEqualTo(403);
    }
}
