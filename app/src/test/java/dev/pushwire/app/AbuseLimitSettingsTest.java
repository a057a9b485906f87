package dev.pushwire.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.app.internal.ServeSetting;
import dev.pushwire.app.internal.SettingsResolver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The abuse-limit settings of {@code serve} reach the server: {@code --max-connections-per-ip} refuses the connection
 * past it, and {@code --trusted-proxies} makes the limit count the addresses a trusted proxy forwards.
 */
class AbuseLimitSettingsTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void theConnectionPastMaxConnectionsPerIpIsRefusedWith429() throws Exception {
        ServeSettings settings = settings(Map.of(ServeSetting.MAX_CONNECTIONS_PER_IP, "2"));
        try (DemoServer server = DemoServer.start(settings)) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                statuses.add(openSession(server, null).statusCode());
            }
            assertThat(statuses).containsExactly(200, 200, 429);
        }
    }

    @Test
    void behindATrustedProxyEachForwardedAddressHasItsOwnLimit() throws Exception {
        ServeSettings settings = settings(Map.of(ServeSetting.MAX_CONNECTIONS_PER_IP, "1",
                ServeSetting.TRUSTED_PROXIES, "127.0.0.1"));
        try (DemoServer server = DemoServer.start(settings)) {
            assertThat(openSession(server, "198.51.100.1").statusCode()).isEqualTo(200);
            assertThat(openSession(server, "198.51.100.2").statusCode()).isEqualTo(200);
            HttpResponse<String> third = openSession(server, "198.51.100.1");
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.body()).contains("\"error\"");
        }
    }

    private static ServeSettings settings(Map<ServeSetting, String> values) {
        return SettingsResolver.resolve(values, null, Map.of()).toBuilder().host("127.0.0.1").port(0).build();
    }

    /** Opens a polling session on the demo's /echo (it counts as a connection of its address until it ends). */
    private HttpResponse<String> openSession(DemoServer server, String forwardedFor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/echo?transport=polling"))
                .timeout(Duration.ofSeconds(20));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
