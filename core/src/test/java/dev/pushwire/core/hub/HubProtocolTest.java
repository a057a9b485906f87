package dev.pushwire.core.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pushwire.core.CloseCode;
import dev.pushwire.core.ReadyState;
import dev.pushwire.core.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub protocol, command by command, over recording connections. */
class HubProtocolTest {
    private final MutableClock clock = new MutableClock();
    private final List<HubPeer> peers = new ArrayList<>();
    private Hub hub = newHub(options());

    private HubOptions.Builder options() {
        return HubOptions.builder()
                .clock(clock)
                .tokenVerifier(new TestTokens())
                .namespace("public:*", ChannelOptions.builder().allowAnonymous(true).build())
                .namespace("readonly:*", ChannelOptions.builder().clientPublish(false).build())
                .namespace("quiet:*", ChannelOptions.builder().presence(false).joinLeave(false).historySize(0)
                        .build());
    }

    private Hub newHub(HubOptions.Builder options) {
        if (hub != null) {
            hub.close();
        }
        hub = Hub.create(options.build());
        return hub;
    }

    private HubPeer peer() {
        HubPeer p = new HubPeer(hub);
        peers.add(p);
        return p;
    }

    @AfterEach
    void everythingWasChecked() {
        for (HubPeer p : peers) {
            p.connection.assertExhausted();
        }
        hub.close();
    }

    @Test
    void anonymousConnectGetsTheConnectionIdAndNoUser() {
        HubPeer alice = peer();
        JsonNode result = alice.connect();
        assertThat(result.path("client").asText()).isEqualTo(alice.connection.id());
        assertThat(result.path("user").asText()).isEmpty();
        assertThat(result.has("expires")).isFalse();
    }

    @Test
    void connectWithATokenNamesTheUserAndExpiry() {
        HubPeer alice = peer();
        JsonNode result = alice.connect(TestTokens.token("alice", clock.instant().plusSeconds(3600)));
        assertThat(result.path("user").asText()).isEqualTo("alice");
        assertThat(result.path("expires").asLong()).isEqualTo(clock.instant().plusSeconds(3600).getEpochSecond());
    }

    @Test
    void commandsBeforeConnectAreRefused() {
        HubPeer p = peer();
        long id = p.send("subscribe", c -> c.put("channel", "public:news"));
        assertThat(p.error(id, "not_connected")).isEqualTo("send connect first");
        assertThat(p.connection.readyState()).isEqualTo(ReadyState.OPEN);
    }

    @Test
    void aSecondConnectIsRefused() {
        HubPeer p = peer();
        p.connect();
        p.error(p.send("connect"), "already_connected");
    }

    @Test
    void malformedJsonClosesTheConnectionWithBadRequest() {
        HubPeer p = peer();
        p.connection.receive("{not json");
        assertThat(p.connection.assertClosed(CloseCode.BAD_REQUEST)).isEqualTo("a hub command must be a JSON object");
    }

    @Test
    void aCommandWithoutAnIdClosesTheConnectionWithBadRequest() {
        HubPeer p = peer();
        p.connection.receive("{\"type\":\"connect\"}");
        assertThat(p.connection.assertClosed(CloseCode.BAD_REQUEST)).contains("\"id\"");
    }

    @Test
    void unknownCommandsAndMissingFieldsGetBadRequestReplies() {
        HubPeer p = peer();
        p.connect();
        assertThat(p.error(p.send("dance"), "bad_request")).contains("unknown command type \"dance\"");
        assertThat(p.error(p.send("subscribe"), "bad_request")).contains("\"channel\" must be a string");
        assertThat(p.error(p.send("publish", c -> c.put("channel", "public:x")), "bad_request"))
                .contains("\"data\" is missing");
        assertThat(p.error(p.send("subscribe", c -> {
            c.put("channel", "public:x");
            c.put("since", "yesterday");
        }), "bad_request")).contains("\"since\" must be");
    }

    @Test
    void badChannelNamesAreRefused() {
        HubPeer p = peer();
        p.connect();
        p.error(p.send("subscribe", c -> c.put("channel", "")), "bad_channel");
        p.error(p.send("subscribe", c -> c.put("channel", "has space")), "bad_channel");
        p.error(p.send("subscribe", c -> c.put("channel", "x".repeat(256))), "bad_channel");
    }

    @Test
    void subscriberGetsServerPublicationsWithConsecutiveOffsets() {
        HubPeer p = peer();
        p.connect();
        JsonNode sub = p.subscribe("public:news");
        assertThat(sub.path("offset").asLong()).isZero();
        String epoch = sub.path("epoch").asText();
        assertThat(epoch).isNotEmpty();
        assertThat(sub.path("publications")).isEmpty();

        hub.publish("public:news", "{\"title\":\"one\"}").join();
        hub.publish("public:news", "{\"title\":\"two\"}").join();
        JsonNode first = p.publication("public:news");
        assertThat(first.path("offset").asLong()).isEqualTo(1);
        assertThat(first.path("epoch").asText()).isEqualTo(epoch);
        assertThat(first.path("data").path("title").asText()).isEqualTo("one");
        assertThat(first.has("info")).isFalse();
        assertThat(p.publication("public:news").path("offset").asLong()).isEqualTo(2);
    }

    @Test
    void aClientPublicationCarriesThePublisherAndItsPosition() {
        HubPeer alice = peer();
        alice.connect(TestTokens.token("alice"));
        HubPeer bob = peer();
        bob.connect(TestTokens.token("bob"));
        bob.subscribe("room");

        long id = alice.send("publish", c -> {
            c.put("channel", "room");
            c.putObject("data").put("text", "hello");
        });
        JsonNode reply = alice.result(id);
        assertThat(reply.path("offset").asLong()).isEqualTo(1);
        JsonNode push = bob.publication("room");
        assertThat(push.path("data").path("text").asText()).isEqualTo("hello");
        assertThat(push.path("info").path("user").asText()).isEqualTo("alice");
        assertThat(push.path("info").path("client").asText()).isEqualTo(alice.connection.id());
        assertThat(push.path("info").path("info").path("name").asText()).isEqualTo("alice");
        assertThat(push.path("epoch").asText()).isEqualTo(reply.path("epoch").asText());
    }

    @Test
    void unsubscribedClientsGetNoMorePublications() {
        HubPeer p = peer();
        p.connect();
        p.subscribe("public:news");
        assertThat(p.result(p.send("unsubscribe", c -> c.put("channel", "public:news")))).isEmpty();
        hub.publish("public:news", "1").join();
        p.error(p.send("unsubscribe", c -> c.put("channel", "public:news")), "not_subscribed");
        assertThat(hub.channels()).doesNotContain("public:news");
    }

    @Test
    void subscribingTwiceIsRefused() {
        HubPeer p = peer();
        p.connect();
        p.subscribe("public:news");
        p.error(p.subscribeId("public:news", null), "already_subscribed");
    }

    @Test
    void aConnectionMayNotPassTheChannelLimit() {
        newHub(options().maxChannelsPerConnection(2));
        HubPeer p = peer();
        p.connect();
        p.subscribe("public:a");
        p.subscribe("public:b");
        assertThat(p.error(p.subscribeId("public:c", null), "too_many_channels")).contains("at most 2");
    }

    @Test
    void presenceListsJoinsAndLeavesWithTwoClients() {
        HubPeer alice = peer();
        alice.connect(TestTokens.token("alice"));
        HubPeer bob = peer();
        bob.connect(TestTokens.token("bob"));

        alice.subscribe("room");
        bob.subscribe("room");
        JsonNode joined = alice.presenceEvent("join", "room");
        assertThat(joined.path("user").asText()).isEqualTo("bob");
        assertThat(joined.path("info").path("name").asText()).isEqualTo("bob");

        JsonNode clients = alice.result(alice.send("presence", c -> c.put("channel", "room"))).path("clients");
        List<String> users = new ArrayList<>();
        clients.forEach(c -> users.add(c.path("user").asText()));
        assertThat(users).containsExactlyInAnyOrder("alice", "bob");

        bob.connection.drop();
        JsonNode left = alice.presenceEvent("leave", "room");
        assertThat(left.path("user").asText()).isEqualTo("bob");
        assertThat(left.path("client").asText()).isEqualTo(bob.connection.id());
        assertThat(hub.presence("room").join()).extracting(ClientInfo::userId).containsExactly("alice");
    }

    @Test
    void aSubscriberClosedAsSlowLeavesPresenceAndOthersAreTold() {
        newHub(options().slowSubscriberBytes(0));
        HubPeer alice = peer();
        alice.connect(TestTokens.token("alice"));
        HubPeer bob = peer();
        bob.connect(TestTokens.token("bob"));
        alice.subscribe("room");
        bob.subscribe("room");
        alice.presenceEvent("join", "room");
        bob.connection.stall();
        hub.publish("room", "1").join();
        hub.publish("room", "2").join();
        bob.publication("room");
        bob.connection.assertClosed(CloseCode.SLOW_CONSUMER);
        alice.publication("room");
        alice.publication("room");
        assertThat(alice.presenceEvent("leave", "room").path("user").asText()).isEqualTo("bob");
        assertThat(hub.presence("room").join()).extracting(ClientInfo::userId).containsExactly("alice");
    }

    @Test
    void historyAndPresenceAreUnavailableWhereTheNamespaceTurnedThemOff() {
        HubPeer p = peer();
        p.connect(TestTokens.token("alice"));
        p.error(p.send("presence", c -> c.put("channel", "quiet:x")), "not_available");
        p.error(p.send("history", c -> c.put("channel", "quiet:x")), "not_available");
        p.subscribe("quiet:x");
    }

    @Test
    void historyReturnsTheNewestPublicationsUpToTheLimit() {
        HubPeer p = peer();
        p.connect();
        for (int i = 1; i <= 5; i++) {
            hub.publish("public:log", String.valueOf(i)).join();
        }
        JsonNode all = p.result(p.send("history", c -> c.put("channel", "public:log")));
        assertThat(all.path("offset").asLong()).isEqualTo(5);
        assertThat(all.path("publications")).hasSize(5);
        JsonNode two = p.result(p.send("history", c -> {
            c.put("channel", "public:log");
            c.put("limit", 2);
            c.putObject("since").put("epoch", all.path("epoch").asText()).put("offset", 2);
        }));
        assertThat(two.path("publications").get(0).path("data").asInt()).isEqualTo(3);
        assertThat(two.path("publications").get(1).path("data").asInt()).isEqualTo(4);
    }

    @Test
    void anonymousClientsAreRefusedOutsideAnonymousNamespaces() {
        HubPeer p = peer();
        p.connect();
        assertThat(p.error(p.subscribeId("private", null), "forbidden"))
                .isEqualTo("anonymous clients may not subscribe on private; connect with a token");
    }

    @Test
    void theAuthorizerRefusesWithForbidden() {
        newHub(options().authorizer((client, channel, action) ->
                !(channel.startsWith("admin") && action == ChannelAuthorizer.Action.SUBSCRIBE)));
        HubPeer p = peer();
        p.connect(TestTokens.token("mallory"));
        assertThat(p.error(p.subscribeId("admin", null), "forbidden")).isEqualTo("not allowed to subscribe on admin");
        p.result(p.send("history", c -> c.put("channel", "admin")));
    }

    @Test
    void tokenChannelClaimsLimitTheChannels() {
        HubPeer p = peer();
        p.connect("user=carol;channels=team:*,lobby");
        p.subscribe("lobby");
        p.subscribe("team:blue");
        assertThat(p.error(p.subscribeId("other", null), "forbidden")).contains("does not allow channel other");
    }

    @Test
    void readOnlyNamespacesRefuseClientPublications() {
        HubPeer p = peer();
        p.connect(TestTokens.token("alice"));
        p.error(p.send("publish", c -> {
            c.put("channel", "readonly:prices");
            c.put("data", 1);
        }), "forbidden");
        assertThat(hub.publish("readonly:prices", "1").join().offset()).isEqualTo(1);
    }

    @Test
    void aForgedTokenIsRefusedAndTheConnectionClosedAsUnauthorized() {
        HubPeer p = peer();
        long id = p.send("connect", c -> c.put("token", "forged"));
        assertThat(p.error(id, "unauthorized")).isEqualTo("the token's signature does not match");
        p.connection.assertClosed(CloseCode.UNAUTHORIZED);
    }

    @Test
    void anExpiredTokenIsRefusedAndTheConnectionClosedAsTokenExpired() {
        HubPeer p = peer();
        long id = p.send("connect", c -> c.put("token", TestTokens.token("alice", clock.instant().minusSeconds(1))));
        p.error(id, "token_expired");
        p.connection.assertClosed(CloseCode.TOKEN_EXPIRED);
    }

    @Test
    void aTokenThatExpiresWithoutRefreshClosesTheConnection() {
        HubPeer p = peer();
        p.connect(TestTokens.token("alice", clock.instant().plusMillis(200)));
        assertThat(p.connection.assertClosed(CloseCode.TOKEN_EXPIRED)).contains("token expired");
    }

    @Test
    void refreshingBeforeExpiryKeepsTheConnectionOpen() {
        HubPeer p = peer();
        p.connect(TestTokens.token("alice", clock.instant().plusMillis(1500)));
        JsonNode refreshed = p.result(p.send("refresh",
                c -> c.put("token", TestTokens.token("alice", clock.instant().plusSeconds(60)))));
        assertThat(refreshed.path("expires").asLong()).isEqualTo(clock.instant().plusSeconds(60).getEpochSecond());
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4))
                .until(() -> p.connection.readyState() == ReadyState.OPEN);
    }

    @Test
    void refreshForAnotherUserIsRefused() {
        HubPeer p = peer();
        p.connect(TestTokens.token("alice"));
        p.error(p.send("refresh", c -> c.put("token", TestTokens.token("mallory"))), "forbidden");
        p.error(p.send("refresh", c -> c.put("token", "forged")), "unauthorized");
    }

    @Test
    void aPublicationIsEncodedOnceForAllSubscribers() {
        HubPeer a = peer();
        HubPeer b = peer();
        a.connect(TestTokens.token("a"));
        b.connect(TestTokens.token("b"));
        a.subscribe("quiet:quotes"); // no join pushes in quiet:*
        b.subscribe("quiet:quotes");
        hub.publish("quiet:quotes", "42").join();
        assertThat(a.connection.nextMessage()).isSameAs(b.connection.nextMessage());
    }
}
