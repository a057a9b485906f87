package dev.pushwire.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushwire.client.ClientOptions;
import dev.pushwire.client.HubClient;
import dev.pushwire.client.PushwireClient;
import dev.pushwire.core.hub.Publication;
import dev.pushwire.testkit.Chromium;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The example application on real ports: what a user of the starter checks first. The echo endpoint answers over
 * WebSocket and over long polling, the chat channel carries a publication made through Spring MVC, and Actuator
 * shows the {@code pushwire} health component and the {@code pushwire_*} meters. The chat page, served from the Pushwire
 * port, works in headless Chromium.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "pushwire.port=0")
class ChatApplicationTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int webPort;

    @Value("${local.pushwire.port}")
    int pushwirePort;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void echoesOverWebSocket() {
        assertEchoes("websocket");
    }

    @Test
    void echoesOverLongPolling() {
        assertEchoes("longpolling");
    }

    private void assertEchoes(String transport) {
        List<String> received = new CopyOnWriteArrayList<>();
        PushwireClient client = PushwireClient.connect(URI.create("ws://127.0.0.1:" + pushwirePort + "/echo"),
                ClientOptions.builder().transports(transport).build());
        try {
            client.onMessage(m -> received.add(m.text()));
            client.awaitOpen(DEADLINE);
            assertThat(client.transport()).isEqualTo(transport);
            client.send("hello over " + transport);
            await().atMost(DEADLINE).until(() -> received.contains("hello over " + transport));
        } finally {
            client.close(1000, "done");
        }
    }

    @Test
    void announcementFromSpringMvcReachesTheChatChannel() throws Exception {
        List<Publication> received = new CopyOnWriteArrayList<>();
        try (HubClient hub = HubClient.connect("ws://127.0.0.1:" + pushwirePort + "/pushwire")) {
            hub.channel(AnnounceController.CHANNEL).subscribe(received::add).get(20, TimeUnit.SECONDS);
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(web("/announce"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("text=" + URLEncoder.encode("hello \"chat\"",
                            StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).path("channel").asText()).isEqualTo("chat");

            await().atMost(DEADLINE).until(() -> !received.isEmpty());
            assertThat(JSON.readTree(received.get(0).data()))
                    .isEqualTo(JSON.readTree("{\"from\":\"server\",\"text\":\"hello \\\"chat\\\"\"}"));
        }
    }

    @Test
    void theChatPageInChromiumShowsAnnouncementsAndPublishes() throws Exception {
        List<Publication> received = new CopyOnWriteArrayList<>();
        try (HubClient hub = HubClient.connect("ws://127.0.0.1:" + pushwirePort + "/pushwire");
             Chromium.Tab tab = Chromium.open()) {
            hub.channel(AnnounceController.CHANNEL).subscribe(received::add).get(20, TimeUnit.SECONDS);
            tab.navigate("http://127.0.0.1:" + pushwirePort + "/");
            tab.await("the page subscribed", DEADLINE,
                    () -> "true".equals(tab.page().evaluate("document.body.dataset.subscribed")));
            assertThat(tab.text("#state")).startsWith("connected over");

            http.send(HttpRequest.newBuilder(web("/announce")).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("from spring")).build(),
                    HttpResponse.BodyHandlers.ofString());
            tab.await("the announcement shown", DEADLINE, () -> tab.text("#messages").contains("from spring"));

            tab.page().fill("#name", "tester");
            tab.page().fill("#text", "from the browser");
            tab.page().click("button");
            await().atMost(DEADLINE).until(() -> received.stream().anyMatch(p -> p.data().contains("from the browser")));
            assertThat(JSON.readTree(received.get(received.size() - 1).data()))
                    .isEqualTo(JSON.readTree("{\"from\":\"tester\",\"text\":\"from the browser\"}"));
        }
    }

    @Test
    void healthShowsThePushwireComponentWithItsConnections() throws Exception {
        PushwireClient client = PushwireClient.connect(URI.create("ws://127.0.0.1:" + pushwirePort + "/echo"),
                ClientOptions.builder().transports("websocket").build());
        try {
            client.awaitOpen(DEADLINE);
            await().atMost(DEADLINE).untilAsserted(() -> {
                JsonNode pushwire = getJson("/actuator/health").path("components").path("pushwire");
                assertThat(pushwire.path("status").asText()).isEqualTo("UP");
                assertThat(pushwire.path("details").path("port").asInt()).isEqualTo(pushwirePort);
                assertThat(pushwire.path("details").path("connectionsByTransport").path("websocket").asInt())
                        .isGreaterThanOrEqualTo(1);
            });
        } finally {
            client.close(1000, "done");
        }
        assertThat(getJson("/actuator/health").path("status").asText()).isEqualTo("UP");
        JsonNode readiness = getJson("/actuator/health/readiness");
        assertThat(readiness.path("components").path("pushwire").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void prometheusShowsThePushwireMeters() throws Exception {
        assertEchoes("websocket");
        String scrape = http.send(HttpRequest.newBuilder(web("/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(scrape)
                .containsPattern("(?m)^pushwire_connections_opened_total\\{.*transport=\"websocket\".*\\} [1-9]")
                .containsPattern("(?m)^pushwire_messages_received_total\\{.*transport=\"websocket\".*\\} [1-9]")
                .containsPattern("(?m)^pushwire_connections_open\\{.*transport=\"websocket\".*\\} ")
                .contains("pushwire_hub_connections{endpoint=\"/pushwire\"");
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(web(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private URI web(String path) {
        return URI.create("http://127.0.0.1:" + webPort + path);
    }
}
