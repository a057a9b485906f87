package dev.pushwire.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.core.ConnectionListener;
import dev.pushwire.core.Message;
import dev.pushwire.core.ReadyState;
import dev.pushwire.server.HttpTransportOptions;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Expiry, slow consumers, held polls, SSE heartbeats and server-side closes, on real sockets. */
class HttpSessionLifecycleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<CloseEvent> closes = new CopyOnWriteArrayList<>();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private TestHttpServer server;

    private void start(HttpTransportOptions options, ConnectionLimits limits) throws Exception {
        server = new TestHttpServer(options, List.of());
        server.endpoint("/echo", limits, conn -> {
            connections.add(conn);
            conn.onClose(closes::add);
            conn.onMessage(m -> conn.send(m, null));
        });
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "longpolling", "polling"})
    void handlerGetsAnOpenConnectionAndAGreetingSentThereArrives(String transport) throws Exception {
        server = new TestHttpServer(HttpTransportOptions.DEFAULT, List.of());
        List<ReadyState> seen = new CopyOnWriteArrayList<>();
        List<String> opened = new CopyOnWriteArrayList<>();
        server.endpoint("/greet", ConnectionLimits.DEFAULT, conn -> {
            seen.add(conn.readyState());
            conn.addListener(new ConnectionListener() {
                @Override
                public void onOpen(Connection connection) {
                    opened.add(connection.transport());
                }
            });
            conn.send("welcome");
        });
        try (SessionTestClient client = new SessionTestClient(server.url("/greet"), transport).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.received.size() == 1);
            assertThat(client.received.get(0).text()).isEqualTo("welcome");
            assertThat(seen).containsExactly(ReadyState.OPEN);
            assertThat(opened).containsExactly(transport);
        }
    }

    @Test
    void sessionNotPolledExpiresWith4003AndALatePollLearnsWhy() throws Exception {
        // 1 s, not less: the long-polling session has no request held between its open and its first poll, and a
        // loaded machine can stretch that gap past a few hundred ms (it then expired too).
        start(HttpTransportOptions.builder().sessionTimeout(Duration.ofSeconds(1)).build(), ConnectionLimits.DEFAULT);
        try (SessionTestClient alive = new SessionTestClient(server.url("/echo"), "longpolling").start()) {
            String sid = openSid("polling");
            await().atMost(Duration.ofSeconds(5)).until(() -> closes.size() == 1);
            assertThat(closes.get(0).code()).isEqualTo(4003);
            HttpResponse<String> late = get("/echo?transport=polling&sid=" + sid + "&ack=0");
            assertThat(late.statusCode()).isEqualTo(404);
            JsonNode body = JSON.readTree(late.body());
            assertThat(body.get("error").asText()).isEqualTo("unknown_session");
            assertThat(body.at("/close/code").asInt()).isEqualTo(4003);
            // the long-polling session was held all along: not expired, still echoing
            alive.send(Message.text("ping"));
            await().atMost(Duration.ofSeconds(5)).until(() -> alive.received.size() == 1);
            assertThat(server.connections()).hasSize(1);
        }
    }

    @Test
    void sessionThatNeverReadsClosesAsSlowConsumerWhileOthersAreServed() throws Exception {
        start(HttpTransportOptions.DEFAULT, ConnectionLimits.builder().maxBufferedBytes(100_000).build());
        try (SessionTestClient other = new SessionTestClient(server.url("/echo"), "sse").start()) {
            String sid = openSid("longpolling");
            Connection slow = connections.stream().filter(c -> c.transport().equals("longpolling")).findFirst()
                    .orElseThrow();
            byte[] chunk = new byte[10_000];
            for (int i = 0; i < 11; i++) {
                slow.send(chunk);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> !closes.isEmpty());
            assertThat(closes.get(0).code()).isEqualTo(4000);
            assertThat(closes.get(0).reason()).contains("over the limit of 100000");
            HttpResponse<String> late = get("/echo?transport=longpolling&sid=" + sid + "&ack=0");
            assertThat(JSON.readTree(late.body()).at("/close/code").asInt()).isEqualTo(4000);
            other.send(Message.text("fine"));
            await().atMost(Duration.ofSeconds(5)).until(() -> other.received.size() == 1);
        }
    }

    @Test
    void heldLongPollIsAnsweredEmptyAfterTheHoldTime() throws Exception {
        start(HttpTransportOptions.builder().longPollHold(Duration.ofMillis(400)).build(), ConnectionLimits.DEFAULT);
        String sid = openSid("longpolling");
        long t0 = System.nanoTime();
        HttpResponse<String> r = get("/echo?transport=longpolling&sid=" + sid + "&ack=0");
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"messages\":[]}");
        assertThat(tookMs).isBetween(350L, 5_000L);
    }

    @Test
    void sseStreamHasTheRightHeadersAndHeartbeats() throws Exception {
        start(HttpTransportOptions.builder().sseHeartbeat(Duration.ofMillis(200)).build(), ConnectionLimits.DEFAULT);
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(server.url("/echo?transport=sse")))
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
        assertThat(r.headers().firstValue("X-Accel-Buffering")).hasValue("no");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertThat(in.readLine()).isEqualTo("retry:1000");
            assertThat(in.readLine()).isEmpty();
            assertThat(in.readLine()).isEqualTo("event:open");
            assertThat(in.readLine()).startsWith("data:{\"sid\":");
            assertThat(in.readLine()).isEmpty();
            assertThat(in.readLine()).isEqualTo(": heartbeat");
            assertThat(in.readLine()).isEmpty();
            assertThat(in.readLine()).isEqualTo(": heartbeat");
        }
    }

    @Test
    void serverCloseDeliversQueuedMessagesThenTheClose() throws Exception {
        start(HttpTransportOptions.DEFAULT, ConnectionLimits.DEFAULT);
        for (String transport : List.of("sse", "longpolling", "polling")) {
            closes.clear();
            connections.clear();
            try (SessionTestClient client = new SessionTestClient(server.url("/echo"), transport).start()) {
                await().atMost(Duration.ofSeconds(5)).until(() -> connections.size() == 1);
                Connection c = connections.get(0);
                c.send("last words");
                c.close(4100, "bye");
                await().atMost(Duration.ofSeconds(5)).until(() -> client.close != null);
                assertThat(client.received).containsExactly(Message.text("last words"));
                assertThat(client.close.code()).isEqualTo(4100);
                assertThat(client.close.reason()).isEqualTo("bye");
                await().atMost(Duration.ofSeconds(5)).until(() -> closes.size() == 1);
                assertThat(closes.get(0)).isEqualTo(new CloseEvent(4100, "bye", false, true));
            }
        }
    }

    @Test
    void lingerBatchesABurstIntoFewerLongPollAnswers() throws Exception {
        start(HttpTransportOptions.builder().longPollLinger(Duration.ofMillis(5)).build(), ConnectionLimits.DEFAULT);
        try (SessionTestClient client = new SessionTestClient(server.url("/echo"), "longpolling").start()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> connections.size() == 1);
            Connection c = connections.get(0);
            long before = client.requests;
            for (int i = 0; i < 200; i++) {
                c.send("tick " + i); // 200 sends from a test thread, one by one
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> client.received.size() == 200);
            long polls = client.requests - before;
            assertThat(polls).as("long polls for 200 messages").isLessThan(50);
        }
    }

    @Test
    void gracefulStopClosesHeldPollsAndStreamsWith1001() throws Exception {
        start(HttpTransportOptions.DEFAULT, ConnectionLimits.DEFAULT);
        try (SessionTestClient sse = new SessionTestClient(server.url("/echo"), "sse").start();
             SessionTestClient longPoll = new SessionTestClient(server.url("/echo"), "longpolling").start()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> closes.isEmpty() && server.connections().size() == 2);
            long t0 = System.nanoTime();
            server.close();
            server = null;
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(5)).until(() -> sse.close != null && longPoll.close != null);
            assertThat(sse.close.code()).isEqualTo(1001);
            assertThat(longPoll.close.code()).isEqualTo(1001);
            assertThat(closes).extracting(CloseEvent::code).containsExactly(1001, 1001);
        }
    }

    @Test
    void sessionsCountAgainstMaxConnections() throws Exception {
        // the session share (default half of maxConnections) set above it, so maxConnections is what refuses
        server = new TestHttpServer(dev.pushwire.server.PushwireServer.builder().maxConnections(1)
                .abuseLimits(dev.pushwire.server.AbuseLimits.builder().maxHttpSessions(10).build()));
        server.endpoint("/echo", ConnectionLimits.DEFAULT, conn -> conn.onMessage(m -> conn.send(m, null)));
        openSid("polling");
        HttpResponse<String> second = get("/echo?transport=longpolling");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(second.body()).get("error").asText()).isEqualTo("too_many_connections");
    }

    private String openSid(String transport) throws Exception {
        HttpResponse<String> r = get("/echo?transport=" + transport);
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body()).get("sid").asText();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url(path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
