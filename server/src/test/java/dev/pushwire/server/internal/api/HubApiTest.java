package dev.pushwire.server.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.core.hub.Broker;
import dev.pushwire.core.hub.BrokerUnavailableException;
import dev.pushwire.core.hub.ChannelOptions;
import dev.pushwire.core.hub.ForwardingBroker;
import dev.pushwire.core.hub.Hub;
import dev.pushwire.core.hub.HubOptions;
import dev.pushwire.core.hub.StreamPosition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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

    @Test
    void aRetryWithTheSameIdempotencyKeyAnswersTheFirstPositionAndIsStoredOnce() {
        String body = "{\"channel\":\"orders\",\"data\":1,\"idempotency_key\":\"o-1\"}";
        ApiAnswer first = call("POST", "publish", "k3y", Map.of(), body);
        ApiAnswer retry = call("POST", "publish", "k3y", Map.of(), body);
        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.json()).isEqualTo(first.json()).contains("\"offset\":1");
        // the header works too, and names another publish
        ApiAnswer viaHeader = api.handle("POST", "publish", Map.of(), name -> switch (name.toLowerCase()) {
            case "x-api-key" -> Optional.of("k3y");
            case "idempotency-key" -> Optional.of("o-2");
            default -> Optional.empty();
        }, "{\"channel\":\"orders\",\"data\":2}".getBytes(StandardCharsets.UTF_8)).join();
        assertThat(viaHeader.json()).contains("\"offset\":2");
        ApiAnswer h = call("GET", "history", "k3y", Map.of("channel", List.of("orders")), "");
        assertThat(h.json()).contains("\"offset\":2").doesNotContain("\"offset\":3");
        assertThat(call("POST", "publish", "k3y", Map.of(), "{\"channel\":\"orders\",\"data\":1,"
                + "\"idempotency_key\":\"\"}").json()).contains("\"bad_request\"").contains("1 to 128 characters");
    }

    @Test
    void anUnreachableBrokerIs503BrokerUnavailable() {
        Broker down = new UnavailableBroker(Broker.memory(java.time.Clock.systemUTC()));
        Hub onDown = Hub.create(HubOptions.builder().broker(down).build());
        try {
            ApiAnswer a = new HubApi(onDown, "k3y").handle("POST", "publish", Map.of(),
                    name -> name.equalsIgnoreCase("X-API-Key") ? Optional.of("k3y") : Optional.empty(),
                    "{\"channel\":\"news\",\"data\":1}".getBytes(StandardCharsets.UTF_8)).join();
            assertThat(a.status()).isEqualTo(503);
            assertThat(a.json()).startsWith("{\"error\":\"broker_unavailable\"")
                    .contains("Redis at 10.0.0.1:6379 is unreachable");
        } finally {
            onDown.close();
        }
    }

    /** A broker whose backend is away: every publish fails as a Redis broker's would. */
    private static final class UnavailableBroker extends ForwardingBroker {
        UnavailableBroker(Broker delegate) {
            super(delegate);
        }

        @Override
        public CompletableFuture<StreamPosition> publish(String channel, String data, PublishOptions options) {
            return CompletableFuture.failedFuture(new BrokerUnavailableException(
                    "Redis at 10.0.0.1:6379 is unreachable (connection refused)", null));
        }

        @Override
        public boolean isAvailable() {
            return false;
        }
    }
}
