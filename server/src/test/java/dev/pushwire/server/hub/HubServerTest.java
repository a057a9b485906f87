package dev.pushwire.server.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushwire.core.hub.ChannelAuthorizer;
import dev.pushwire.core.hub.ChannelOptions;
import dev.pushwire.core.hub.Hub;
import dev.pushwire.core.hub.HubOptions;
import dev.pushwire.core.hub.StreamPosition;
import dev.pushwire.server.HmacJwtTokens;
import dev.pushwire.server.PushwireServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub served by a real server on loopback: WebSocket clients, the HTTP publish API, JWT tokens. */
class HubServerTest {
    private static final String API_KEY = "test-api-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HmacJwtTokens tokens = HmacJwtTokens.withSecret("hub-server-test-secret-32-bytes-long!");
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<HubSocketClient> clients = java.util.Collections.synchronizedList(new ArrayList<>());
    private PushwireServer server;
    private Hub hub;

    private HubOptions.Builder options() {
        return HubOptions.builder()
                .tokenVerifier(tokens)
                .defaultChannelOptions(ChannelOptions.builder().historySize(500).build())
                .namespace("public:*", ChannelOptions.builder().allowAnonymous(true).joinLeave(false)
                        .historySize(500).build())
                .namespace("short:*", ChannelOptions.builder().allowAnonymous(true).historySize(5).build())
                .authorizer((client, channel, action) ->
                        !(channel.startsWith("admin:") && action == ChannelAuthorizer.Action.SUBSCRIBE));
    }

    private void start(HubOptions.Builder options) {
        hub = Hub.create(options.build());
        server = PushwireServer.builder().host("127.0.0.1").port(0).build();
        server.hub("/pushwire", hub);
        server.hubApi("/api", hub, API_KEY);
        server.start();
    }

    private void stop() {
        clients.forEach(HubSocketClient::close);
        clients.clear();
        if (server != null) {
            server.stop();
            server = null;
        }
        if (hub != null) {
            hub.close();
            hub = null;
        }
    }

    @AfterEach
    void tearDown() {
        stop();
    }

    private HubSocketClient client() {
        HubSocketClient c = HubSocketClient.open(http, URI.create("ws://127.0.0.1:" + server.port() + "/pushwire"));
        clients.add(c);
        return c;
    }

    private HttpResponse<String> api(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("X-API-Key", key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode publishThroughApi(String channel, String data) throws Exception {
        HttpResponse<String> r = api("POST", "/api/publish", API_KEY,
                "{\"channel\":\"" + channel + "\",\"data\":" + data + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static List<Long> offsets(JsonNode publications) {
        List<Long> out = new ArrayList<>();
        publications.forEach(p -> out.add(p.path("offset").asLong()));
        return out;
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void aSubscriberCutOffDuring100PublicationsGetsAll100OnReconnectThreeTimesInARow() throws Exception {
        start(options());
        HubSocketClient sub = client();
        sub.connect(null);
        JsonNode first = sub.subscribe("public:news", null);
        StreamPosition last = new StreamPosition(first.path("epoch").asText(), first.path("offset").asLong());
        for (int round = 1; round <= 3; round++) {
            sub.cut();
            for (int i = 0; i < 100; i++) {
                publishThroughApi("public:news", "{\"round\":" + round + ",\"i\":" + i + "}");
            }
            sub = client();
            sub.connect(null);
            JsonNode result = sub.subscribe("public:news", last);
            assertThat(result.path("recovered").asBoolean()).isTrue();
            assertThat(offsets(result.path("publications"))).as("round %d", round)
                    .containsExactlyElementsOf(range(last.offset() + 1, last.offset() + 100));
            JsonNode lastPub = result.path("publications").get(99);
            assertThat(lastPub.path("data").path("round").asInt()).isEqualTo(round);
            assertThat(lastPub.path("data").path("i").asInt()).isEqualTo(99);
            last = new StreamPosition(result.path("epoch").asText(), result.path("offset").asLong());
        }
        publishThroughApi("public:news", "\"live\"");
        assertThat(sub.push("publication", "public:news").path("offset").asLong()).isEqualTo(301);
    }

    @Test
    void anOffsetOutOfHistoryIsUnrecoverable() throws Exception {
        start(options());
        HubSocketClient sub = client();
        sub.connect(null);
        String epoch = sub.subscribe("short:x", null).path("epoch").asText();
        sub.cut();
        for (int i = 0; i < 10; i++) {
            publishThroughApi("short:x", String.valueOf(i));
        }
        HttpResponse<String> history = api("GET", "/api/history?channel=short:x", API_KEY, null);
        assertThat(offsets(JSON.readTree(history.body()).path("publications"))).containsExactly(6L, 7L, 8L, 9L, 10L);

        HubSocketClient again = client();
        again.connect(null);
        assertThat(again.error(again.subscribeId("short:x", new StreamPosition(epoch, 3)), "unrecoverable"))
                .contains("no longer in history");
        assertThat(again.subscribe("short:x", new StreamPosition(epoch, 5)).path("publications")).hasSize(5);
    }

    @Test
    void aRestartStartsANewEpochAndOldPositionsAreUnrecoverable() throws Exception {
        start(options());
        JsonNode before = publishThroughApi("public:news", "1");
        stop();
        start(options());
        HubSocketClient sub = client();
        sub.connect(null);
        assertThat(sub.error(sub.subscribeId("public:news",
                new StreamPosition(before.path("epoch").asText(), 1)), "unrecoverable")).contains("reset");
        JsonNode fresh = sub.subscribe("public:news", null);
        assertThat(fresh.path("epoch").asText()).isNotEqualTo(before.path("epoch").asText());
        assertThat(fresh.path("offset").asLong()).isZero();
    }

    @Test
    void presenceShowsTwoClientsWithJoinAndLeave() throws Exception {
        start(options());
        HubSocketClient alice = client();
        alice.connect(tokens.issue("alice", Duration.ofHours(1)));
        alice.subscribe("room", null);
        HubSocketClient bob = client();
        bob.connect(tokens.issue("bob", Duration.ofHours(1)));
        bob.subscribe("room", null);
        assertThat(alice.push("join", "room").path("client").path("user").asText()).isEqualTo("bob");

        JsonNode listed = alice.result(alice.send("presence", c -> c.put("channel", "room")));
        List<String> users = new ArrayList<>();
        listed.path("clients").forEach(c -> users.add(c.path("user").asText()));
        assertThat(users).containsExactlyInAnyOrder("alice", "bob");
        HttpResponse<String> viaApi = api("GET", "/api/presence?channel=room", API_KEY, null);
        assertThat(viaApi.body()).contains("\"user\":\"alice\"").contains("\"user\":\"bob\"");

        bob.cut();
        assertThat(alice.push("leave", "room").path("client").path("user").asText()).isEqualTo("bob");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                !api("GET", "/api/presence?channel=room", API_KEY, null).body().contains("bob"));
    }

    @Test
    void theApiRefusesCallsWithoutTheRightKey() throws Exception {
        start(options());
        HttpResponse<String> none = api("POST", "/api/publish", null, "{\"channel\":\"x\",\"data\":1}");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(none.body()).path("error").asText()).isEqualTo("unauthorized");
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/json");
        HttpResponse<String> bad = api("GET", "/api/channels", "not-the-key", null);
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(bad.body()).path("message").asText()).contains("X-API-Key");
        assertThat(hub.history("x", null, -1).join().top().offset()).isZero();
    }

    @Test
    void theApiAnswersBadCallsWithStableCodes() throws Exception {
        start(options());
        HttpResponse<String> notJson = api("POST", "/api/publish", API_KEY, "{oops");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).path("error").asText()).isEqualTo("bad_request");
        assertThat(api("GET", "/api/publish", API_KEY, null).statusCode()).isEqualTo(405);
        HttpResponse<String> broadcast = api("POST", "/api/broadcast", API_KEY,
                "{\"channels\":[\"a\",\"b\"],\"data\":{\"x\":1}}");
        assertThat(broadcast.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(broadcast.body()).path("results")).hasSize(2);
    }

    @Test
    void expiredAndForgedTokensAreRefusedWithClearErrorsAndCloseCodes() {
        start(options());
        HubSocketClient expired = client();
        long id = expired.send("connect", c -> c.put("token",
                tokens.issue("alice", Instant.now().minusSeconds(5), null, null)));
        assertThat(expired.error(id, "token_expired")).contains("expired");
        assertThat(expired.awaitClose()).isEqualTo(4004);

        HubSocketClient forged = client();
        String other = HmacJwtTokens.withSecret("some-other-secret-that-is-32-bytes!!")
                .issue("alice", Duration.ofHours(1));
        id = forged.send("connect", c -> c.put("token", other));
        assertThat(forged.error(id, "unauthorized")).isEqualTo("the token's signature does not match");
        assertThat(forged.awaitClose()).isEqualTo(4500);
    }

    @Test
    void theAuthorizerAndAnonymousRulesRefuseWithForbidden() {
        start(options());
        HubSocketClient mallory = client();
        mallory.connect(tokens.issue("mallory", Duration.ofHours(1)));
        assertThat(mallory.error(mallory.subscribeId("admin:panel", null), "forbidden"))
                .isEqualTo("not allowed to subscribe on admin:panel");
        HubSocketClient anonymous = client();
        anonymous.connect(null);
        assertThat(anonymous.error(anonymous.subscribeId("room", null), "forbidden"))
                .contains("connect with a token");
        assertThat(anonymous.closed).isNotDone();
    }

    @Test
    void aTokenRefreshedInBandKeepsTheConnectionPastTheOldExpiry() {
        // Tokens are checked against a clock that stands still, so a connect slowed by a loaded machine is not
        // refused as expired (a JWT's exp has whole seconds: "now + 2 s" left as little as 1 s for two WebSocket
        // opens). The hub's expiry timers still run in real time: each connection expires 3 s after its connect.
        Clock frozen = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
        HmacJwtTokens tokens = this.tokens.withClock(frozen);
        start(options().tokenVerifier(tokens).clock(frozen));
        HubSocketClient refreshed = client();
        JsonNode connected = refreshed.connect(tokens.issue("alice", frozen.instant().plusSeconds(3), null, null));
        assertThat(connected.path("expires").asLong()).isPositive();
        refreshed.result(refreshed.send("refresh", c -> c.put("token", tokens.issue("alice", Duration.ofHours(1)))));
        HubSocketClient lapsed = client();
        lapsed.connect(tokens.issue("bob", frozen.instant().plusSeconds(3), null, null));
        assertThat(lapsed.awaitClose()).isEqualTo(4004);
        assertThat(refreshed.closed).isNotDone();
    }

    @Test
    void thousandSubscribersGetAHundredPublicationsInOrderUnderConcurrentPublishers() throws Exception {
        start(options());
        java.util.concurrent.ExecutorService opener = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<HubSocketClient>> opening = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            opening.add(opener.submit(() -> {
                HubSocketClient c = client();
                c.send("connect", x -> { });
                c.subscribeId("public:crowd", null);
                return c;
            }));
        }
        List<HubSocketClient> subscribers = new ArrayList<>();
        for (java.util.concurrent.Future<HubSocketClient> f : opening) {
            subscribers.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
        }
        opener.shutdown();
        for (HubSocketClient c : subscribers) {
            c.result(1);
            assertThat(c.result(2).path("offset").asLong()).isZero();
        }
        List<Thread> publishers = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < 4; t++) {
            int publisher = t;
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < 25; i++) {
                        publishThroughApi("public:crowd", "{\"p\":" + publisher + ",\"i\":" + i + "}");
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            thread.start();
            publishers.add(thread);
        }
        for (Thread t : publishers) {
            t.join(60_000);
        }
        assertThat(failures).isEmpty();
        for (HubSocketClient c : subscribers) {
            int[] lastOf = {-1, -1, -1, -1};
            for (long offset = 1; offset <= 100; offset++) {
                JsonNode push = c.push("publication", "public:crowd");
                assertThat(push.path("offset").asLong()).isEqualTo(offset);
                int p = push.path("data").path("p").asInt();
                assertThat(push.path("data").path("i").asInt()).isEqualTo(lastOf[p] + 1);
                lastOf[p]++;
            }
        }
        HttpResponse<String> channels = api("GET", "/api/channels", API_KEY, null);
        assertThat(JSON.readTree(channels.body()).path("channels").toString()).contains("public:crowd");
    }
}
