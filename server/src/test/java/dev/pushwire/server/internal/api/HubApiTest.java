package dev.pushwire.server.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.core.hub.ChannelOptions;
import dev.pushwire.core.hub.Hub;
import dev.pushwire.core.hub.HubOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The publish API's answers, without HTTP (the socket tests are in HubServerTest). */
class HubApiTest {
    private final Hub hub = Hub.create(HubOptions.builder()
            .defaultChannelOptions(ChannelOptions.builder().historySize(10).build()).build());
    private final HubApi api = new HubApi(hub, "k3y");

    @AfterEach
    void close() {
        hub.close();
    }

    private ApiAnswer call(String method, String route, String key, Map<String, List<String>> query, String body) {
        return api.handle(method, route, query,
                name -> name.equalsIgnoreCase("X-API-Key") ? Optional.ofNullable(key) : Optional.empty(),
                body.getBytes(StandardCharsets.UTF_8)).join();
    }

    @Test
    void publishAnswersThePosition() {
        ApiAnswer a = call("POST", "publish", "k3y", Map.of(), "{\"channel\":\"news\",\"data\":{\"t\":1}}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json()).contains("\"offset\":1");
        ApiAnswer h = call("GET", "history", "k3y", Map.of("channel", List.of("news")), "");
        assertThat(h.json()).contains("\"data\":{\"t\":1}");
    }

    @Test
    void callsWithoutTheRightKeyAre401() {
        assertThat(call("GET", "channels", null, Map.of(), "").status()).isEqualTo(401);
        ApiAnswer bad = call("GET", "channels", "wrong", Map.of(), "");
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.json()).startsWith("{\"error\":\"unauthorized\"");
    }

    @Test
    void badCallsGetStableCodes() {
        assertThat(call("POST", "publish", "k3y", Map.of(), "nope").json()).contains("\"bad_request\"");
        assertThat(call("POST", "publish", "k3y", Map.of(), "{\"channel\":\"a b\",\"data\":1}").json())
                .contains("\"bad_channel\"");
        assertThat(call("GET", "publish", "k3y", Map.of(), "").status()).isEqualTo(405);
        assertThat(call("GET", "nothing", "k3y", Map.of(), "").status()).isEqualTo(404);
        assertThat(call("GET", "history", "k3y", Map.of("channel", List.of("x"), "since", List.of("zz")), "")
                .status()).isEqualTo(400);
    }
}
