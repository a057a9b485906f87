package dev.pushwire.server.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.hub.ChannelOptions;
import dev.pushwire.core.hub.Hub;
import dev.pushwire.core.hub.HubOptions;
import dev.pushwire.core.hub.StreamPosition;
import dev.pushwire.server.PushwireServer;
import dev.pushwire.testkit.PrometheusScrape;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hub's meters on a real server: WebSocket hub clients on loopback, {@code /metrics} scraped over HTTP. */
class HubMetricsTest {
    private static final String E = "/pushwire";
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<HubSocketClient> clients = new ArrayList<>();
    private PrometheusMeterRegistry registry;
    private Hub hub;
    private PushwireServer server;

    @BeforeEach
    void start() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        hub = Hub.create(HubOptions.builder()
                .defaultChannelOptions(ChannelOptions.builder().allowAnonymous(true).clientPublish(true)
                        .historySize(3).build())
                .build());
        server = PushwireServer.builder().host("127.0.0.1").port(0).meterRegistry(registry).build();
        server.hub(E, hub);
        server.metricsRoute("/metrics", registry);
        server.start();
    }

    @AfterEach
    void stop() {
        clients.forEach(HubSocketClient::close);
        server.stop();
        hub.close();
        registry.close();
    }

    private HubSocketClient client() {
        HubSocketClient c = HubSocketClient.open(http, URI.create("ws://127.0.0.1:" + server.port() + E));
        clients.add(c);
        c.connect(null);
        return c;
    }

    private PrometheusScrape scrape() throws Exception {
        return PrometheusScrape.of(URI.create("http://127.0.0.1:" + server.port() + "/metrics"));
    }

    @Test
    void channelsSubscriptionsPublicationsAndRecoveriesShowOnTheScrape() throws Exception {
        HubSocketClient a = client();
        HubSocketClient b = client();
        String epoch = a.subscribe("news", null).path("epoch").asText();
        a.subscribe("sport", null);
        b.subscribe("news", null);

        PrometheusScrape s = scrape();
        assertThat(s.value("pushwire_hub_channels", "endpoint", E)).isEqualTo(2.0);
        assertThat(s.value("pushwire_hub_subscriptions", "endpoint", E)).isEqualTo(3.0);
        assertThat(s.value("pushwire_hub_connections", "endpoint", E)).isEqualTo(2.0);
        assertThat(s.value("pushwire_hub_publications_total", "endpoint", E)).isEqualTo(0.0);

        for (int i = 1; i <= 5; i++) {
            hub.publish("news", String.valueOf(i)).join();
        }
        HubSocketClient recovering = client();
        assertThat(recovering.subscribe("news", new StreamPosition(epoch, 3)).path("recovered").asBoolean())
                .isTrue();
        HubSocketClient tooLate = client();
        assertThat(tooLate.error(tooLate.subscribeId("sport", new StreamPosition(epoch, 0)), "unrecoverable"))
                .isNotEmpty();

        s = scrape();
        assertThat(s.value("pushwire_hub_publications_total", "endpoint", E)).isEqualTo(5.0);
        assertThat(s.value("pushwire_hub_recoveries_total", "endpoint", E, "result", "recovered")).isEqualTo(1.0);
        assertThat(s.value("pushwire_hub_recoveries_total", "endpoint", E, "result", "unrecoverable"))
                .isEqualTo(1.0);
        assertThat(s.value("pushwire_hub_subscriptions", "endpoint", E)).isEqualTo(4.0);

        a.close();
        b.close();
        recovering.close();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PrometheusScrape after = scrape();
            assertThat(after.value("pushwire_hub_channels", "endpoint", E)).isEqualTo(0.0);
            assertThat(after.value("pushwire_hub_subscriptions", "endpoint", E)).isEqualTo(0.0);
            assertThat(after.value("pushwire_hub_connections", "endpoint", E)).isEqualTo(1.0);
        });
    }
}
