package dev.pushwire.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushwire.core.Message;
import dev.pushwire.core.hub.ChannelOptions;
import dev.pushwire.core.hub.Hub;
import dev.pushwire.core.hub.HubOptions;
import dev.pushwire.server.PushwireServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hub over SSE, long polling and polling: recovery after a cut, three times in a row, on each transport. */
class HubOverHttpTransportsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Hub hub;
    private PushwireServer server;
    private final List<SessionTestClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        hub = Hub.create(HubOptions.builder()
                .defaultChannelOptions(ChannelOptions.builder().allowAnonymous(true).historySize(500).build())
                .build());
        server = PushwireServer.builder().host("127.0.0.1").port(0).build();
        server.hub("/pushwire", hub);
        server.start();
    }

    @AfterEach
    void stop() {
        clients.forEach(SessionTestClient::close);
        server.stop();
        hub.close();
    }

    private SessionTestClient open(String transport) throws Exception {
        SessionTestClient c = new SessionTestClient("http://127.0.0.1:" + server.port() + "/pushwire", transport);
        clients.add(c);
        return c.start();
    }

    /** Waits for the reply with {@code id} among everything received, and returns it. */
    private static JsonNode reply(SessionTestClient c, long id) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            assertThat(c.errors).isEmpty();
            for (Message m : c.received) {
                JsonNode n = JSON.readTree(m.text());
                if (n.path("id").asLong() == id) {
                    found[0] = n;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "longpolling", "polling"})
    void aSubscriberCutOffDuring100PublicationsGetsAll100OnReconnectThreeTimes(String transport) throws Exception {
        SessionTestClient client = open(transport);
        client.send(Message.text("{\"id\":1,\"type\":\"connect\"}"));
        client.send(Message.text("{\"id\":2,\"type\":\"subscribe\",\"channel\":\"news\"}"));
        JsonNode first = reply(client, 2).path("result");
        String epoch = first.path("epoch").asText();
        long last = first.path("offset").asLong();
        for (int round = 1; round <= 3; round++) {
            client.close(); // the client vanishes: no DELETE, its session just stops being polled
            for (int i = 0; i < 100; i++) {
                hub.publish("news", "{\"round\":" + round + ",\"i\":" + i + "}").join();
            }
            client = open(transport);
            client.send(Message.text("{\"id\":1,\"type\":\"connect\"}"));
            client.send(Message.text("{\"id\":2,\"type\":\"subscribe\",\"channel\":\"news\",\"since\":{\"epoch\":\""
                    + epoch + "\",\"offset\":" + last + "}}"));
            JsonNode result = reply(client, 2).path("result");
            assertThat(result.path("recovered").asBoolean()).as(result.toString()).isTrue();
            List<Long> offsets = new ArrayList<>();
            result.path("publications").forEach(p -> offsets.add(p.path("offset").asLong()));
            List<Long> expected = new ArrayList<>();
            for (long o = last + 1; o <= last + 100; o++) {
                expected.add(o);
            }
            assertThat(offsets).as("%s round %d", transport, round).containsExactlyElementsOf(expected);
            last = result.path("offset").asLong();
        }
        assertThat(last).isEqualTo(300);
    }
}
