package dev.pushwire.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.Connection;
import dev.pushwire.core.hub.ChannelOptions;
import dev.pushwire.core.hub.ClientInfo;
import dev.pushwire.core.hub.Hub;
import dev.pushwire.core.hub.HubOptions;
import dev.pushwire.core.hub.Publication;
import dev.pushwire.server.HmacJwtTokens;
import dev.pushwire.server.PushwireServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Java client's channel API against a real server and hub on loopback. */
class HubClientTest {
    private final HmacJwtTokens tokens = HmacJwtTokens.withSecret("hub-client-test-secret-of-32-bytes!!");
    private Hub hub;
    private PushwireServer server;
    private final List<HubClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        hub = Hub.create(HubOptions.builder().tokenVerifier(tokens)
                .defaultChannelOptions(ChannelOptions.builder().allowAnonymous(true).historySize(1000).build())
                .build());
        server = PushwireServer.builder().host("127.0.0.1").port(0).build();
        server.hub("/pushwire", hub);
        server.start();
    }

    @AfterEach
    void stop() {
        clients.forEach(HubClient::close);
        server.stop();
        hub.close();
    }

    private HubClient client(HubClientOptions options) {
        HubClient c = HubClient.connect("ws://127.0.0.1:" + server.port() + "/pushwire", options);
        clients.add(c);
        return c;
    }

    private static HubClientOptions fastReconnect() {
        return HubClientOptions.builder().reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(200)).build();
    }

    @Test
    void aSubscriberRecoversEverythingPublishedWhileItsConnectionWasDownAgainAndAgain() throws Exception {
        HubClient client = client(fastReconnect());
        List<Long> seen = new CopyOnWriteArrayList<>();
        client.channel("news").subscribe(p -> seen.add(p.offset())).get(10, TimeUnit.SECONDS);
        long published = 0;
        for (int round = 0; round < 3; round++) {
            for (Connection c : server.connections()) {
                c.terminate(); // the network drops: the client reconnects by itself
            }
            for (int i = 0; i < 100; i++) {
                hub.publish("news", "{\"i\":" + i + "}").join();
            }
            published += 100;
            long expected = published;
            await().atMost(Duration.ofSeconds(15)).until(() -> seen.size() >= expected);
        }
        List<Long> all = new ArrayList<>();
        for (long i = 1; i <= 300; i++) {
            all.add(i);
        }
        assertThat(seen).containsExactlyElementsOf(all);
    }

    @Test
    void publishPresenceAndHistoryGoThroughTheHub() throws Exception {
        HubClient alice = client(HubClientOptions.builder().token(tokens.issue("alice", Duration.ofHours(1)))
                .build());
        HubClient bob = client(HubClientOptions.builder().token(tokens.issue("bob", Duration.ofHours(1))).build());
        List<Publication> received = new CopyOnWriteArrayList<>();
        List<ClientInfo> joined = new CopyOnWriteArrayList<>();
        alice.channel("room").onJoin(joined::add).subscribe(received::add).get(10, TimeUnit.SECONDS);
        bob.channel("room").subscribe(p -> { }).get(10, TimeUnit.SECONDS);
        bob.channel("room").publish("{\"text\":\"hi\"}").get(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1 && joined.size() == 1);
        assertThat(received.get(0).data()).isEqualTo("{\"text\":\"hi\"}");
        assertThat(received.get(0).info().userId()).isEqualTo("bob");
        assertThat(joined.get(0).userId()).isEqualTo("bob");
        assertThat(alice.channel("room").presence().get(10, TimeUnit.SECONDS))
                .extracting(ClientInfo::userId).containsExactlyInAnyOrder("alice", "bob");
        assertThat(alice.channel("room").history(10).get(10, TimeUnit.SECONDS))
                .extracting(Publication::data).containsExactly("{\"text\":\"hi\"}");
    }

    @Test
    void aRefusedRequestFailsWithTheHubsErrorCode() {
        hub.close();
        hub = Hub.create(HubOptions.builder().build()); // no anonymous access anywhere
        server.hub("/pushwire", hub);
        HubClient anonymous = client(HubClientOptions.DEFAULT);
        assertThatThrownBy(() -> anonymous.channel("private").subscribe(p -> { }).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(HubException.class)
                .cause().satisfies(e -> assertThat(((HubException) e).code()).isEqualTo("forbidden"));
    }
}
