package dev.pushwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.server.HttpTransportOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo routes on a real {@link DemoServer} on loopback, driven by the JDK's own HTTP and WebSocket client (an
 * independent peer, not our client).
 */
class DemoRoutesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern TICK = Pattern.compile("tick (\\d+) at \\S+Z");
    private static DemoServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = DemoServer.start(ServeSettings.builder().host("127.0.0.1").port(0)
                .tickInterval(Duration.ofMillis(300))
                .http(HttpTransportOptions.builder().longPollHold(Duration.ofSeconds(3)).build())
                .build());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void rootWebSocketAnswersServerHelloLikeTheSeedServer() throws Exception {
        WsPeer peer = open("/");
        peer.ws.sendText("hello world!", true);
        peer.awaitMessages(1, TIMEOUT);
        assertThat(peer.received).containsExactly("text:server hello");
        peer.close();
    }

    @Test
    void echoSendsBackTextAsTextAndBinaryAsBinary() throws Exception {
        WsPeer peer = open("/echo");
        peer.ws.sendText("héllo ✓", true).get(5, TimeUnit.SECONDS);
        peer.ws.sendBinary(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 255}), true).get(5, TimeUnit.SECONDS);
        peer.awaitMessages(2, TIMEOUT);
        assertThat(peer.received).containsExactly("text:héllo ✓", "binary:000102ff");
        peer.close();
    }

    @Test
    void everyMessageOnPubReachesEverySubscriberWhateverItsEventLoop() throws Exception {
        // more subscribers than event loops, and publishers on fresh connections: sends cross threads
        List<WsPeer> subscribers = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            subscribers.add(open("/sub"));
        }
        await().atMost(TIMEOUT).until(() -> server.server().connections().size() >= 6);
        for (String news : List.of("news 1", "news 2", "news 3")) {
            WsPeer publisher = open("/pub");
            publisher.ws.sendText(news, true).get(5, TimeUnit.SECONDS);
            for (WsPeer subscriber : subscribers) {
                subscriber.awaitMessages(Integer.parseInt(news.substring(5)), TIMEOUT);
            }
            assertThat(publisher.received).as("the publisher is not a subscriber").isEmpty();
            publisher.close();
        }
        for (WsPeer subscriber : subscribers) {
            assertThat(subscriber.received).containsExactly("text:news 1", "text:news 2", "text:news 3");
            subscriber.close();
        }
    }

    @Test
    void hubOnPushwireLetsAnonymousClientsSubscribeAndPublish() throws Exception {
        WsPeer subscriber = open("/pushwire");
        WsPeer publisher = open("/pushwire");
        subscriber.ws.sendText("{\"id\":1,\"type\":\"connect\"}", true);
        subscriber.ws.sendText("{\"id\":2,\"type\":\"subscribe\",\"channel\":\"demo\"}", true);
        subscriber.awaitMessages(2, TIMEOUT);
        assertThat(subscriber.received.get(1)).startsWith("text:{\"id\":2,\"result\":");

        publisher.ws.sendText("{\"id\":1,\"type\":\"connect\"}", true);
        publisher.ws.sendText("{\"id\":2,\"type\":\"publish\",\"channel\":\"demo\",\"data\":{\"text\":\"hi\"}}",
                true);
        publisher.awaitMessages(2, TIMEOUT);
        assertThat(publisher.received.get(1)).startsWith("text:{\"id\":2,\"result\":");

        await().atMost(TIMEOUT).until(() -> subscriber.received.stream()
                .anyMatch(m -> m.contains("\"type\":\"publication\"") && m.contains("{\"text\":\"hi\"}")));
        subscriber.close();
        publisher.close();
    }

    @Test
    void tickerPushesEveryTickInOrderToEveryWatcher() throws Exception {
        WsPeer first = open("/ticker");
        WsPeer second = open("/ticker");
        first.awaitMessages(3, TIMEOUT);
        second.awaitMessages(3, TIMEOUT);
        for (WsPeer peer : List.of(first, second)) {
            long previous = -1;
            for (String received : List.copyOf(peer.received)) {
                Matcher m = TICK.matcher(received.substring("text:".length()));
                assertThat(m.matches()).as("a tick: %s", received).isTrue();
                long number = Long.parseLong(m.group(1));
                if (previous >= 0) {
                    assertThat(number).isEqualTo(previous + 1);
                }
                previous = number;
            }
        }
        first.close();
        second.close();
    }

    @Test
    void pollAnswersTheCurrentTickAtOnceAndLongPollTheNextOne() throws Exception {
        HttpResponse<String> poll = get("/poll/data");
        assertThat(poll.statusCode()).isEqualTo(200);
        long polled = tickNumber(poll.body());

        HttpResponse<String> longPoll = get("/longpoll/data");
        assertThat(longPoll.statusCode()).isEqualTo(200);
        assertThat(longPoll.headers().firstValue("content-type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/plain"));
        long held = tickNumber(longPoll.body());
        assertThat(held).as("long poll answered by a tick after the one polled").isGreaterThan(polled);
        assertThat(tickNumber(get("/poll/data").body())).isGreaterThanOrEqualTo(held);
    }

    @Test
    void echoAlsoWorksOverPollingWithTheHttpSettingsOfTheServer() throws Exception {
        HttpResponse<String> open = get("/echo?transport=polling");
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).contains("\"holdMs\":3000");
        Matcher sid = Pattern.compile("\"sid\"\\s*:\\s*\"([^\"]+)\"").matcher(open.body());
        assertThat(sid.find()).as(open.body()).isTrue();
        String session = "/echo?transport=polling&sid=" + sid.group(1);

        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(uri("http", session + "&seq=1"))
                .POST(HttpRequest.BodyPublishers.ofString("[{\"type\":\"text\",\"data\":\"over polling\"}]"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).as(post.body()).isEqualTo(200);

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get(session + "&ack=0").body())
                .contains("{\"seq\":1,\"type\":\"text\",\"data\":\"over polling\"}"));
    }

    @Test
    void pollRoutesRefuseOtherMethodsWithJson() throws Exception {
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(uri("http", "/poll/data"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.body()).contains("\"error\":\"method_not_allowed\"");
    }

    @Test
    void healthSaysUp() throws Exception {
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"up\"}");
    }

    @Test
    void indexAndTheSeedPagesAreServedAndTheSeedPagesUnchanged() throws Exception {
        HttpResponse<String> index = get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("<title>Pushwire demo</title>");
        assertThat(get("/pushwire.css").statusCode()).isEqualTo(200);
        for (String page : List.of("polling.html", "longpolling.html", "browser-client.html")) {
            HttpResponse<byte[]> served = HTTP.send(HttpRequest.newBuilder(uri("http", "/seed/" + page)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(served.statusCode()).as(page).isEqualTo(200);
            assertThat(served.body()).as(page + " byte for byte")
                    .isEqualTo(Files.readAllBytes(SeedFiles.file(page)));
        }
    }

    private static long tickNumber(String body) {
        Matcher m = TICK.matcher(body);
        assertThat(m.matches()).as("a tick, was '%s'", body).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri("http", path)).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String scheme, String path) {
        return URI.create(scheme + "://127.0.0.1:" + server.port() + path);
    }

    /** A recording WebSocket client on {@code path} of the demo server. */
    private static WsPeer open(String path) throws Exception {
        return WsPeer.open(HTTP, uri("ws", path));
    }
}
