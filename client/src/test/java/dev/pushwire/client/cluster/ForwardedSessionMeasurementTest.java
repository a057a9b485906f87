package dev.pushwire.client.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushwire.core.cluster.NodeBus;
import dev.pushwire.redis.RedisNodeBus;
import dev.pushwire.redis.RedisOptions;
import dev.pushwire.server.PushwireServer;
import dev.pushwire.testkit.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwarding measured: two nodes on a Redis bus (loopback), one long-polling session opened on node A, echoed
 * through node A (local) and through node B (every request forwarded to A over Redis): round-trip of one echo
 * (POST then the poll that brings it back) and echoes per second with several messages in flight. Logs a table
 * (docs/scaling.md); asserts only that every echo came back. About a minute, so it runs only when asked:
 *
 * <p>{@code ./mvnw -q -B verify -pl client -am -Dtest=ForwardedSessionMeasurementTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dpushwire.measure=true [-Dpushwire.measure.seconds=10]}
 */
@EnabledIfSystemProperty(named = "pushwire.measure", matches = "true")
class ForwardedSessionMeasurementTest {
    private static final Logger log = LoggerFactory.getLogger(ForwardedSessionMeasurementTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROUND_TRIPS = 500;
    private static final long SECONDS = Long.getLong("pushwire.measure.seconds", 3);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void forwardedVersusLocalEcho() throws Exception {
        try (RedisServer redis = RedisServer.start();
             NodeBus a = RedisNodeBus.builder(RedisOptions.parse(redis.uri()).toBuilder().nodeId("a").build()).build();
             NodeBus b = RedisNodeBus.builder(RedisOptions.parse(redis.uri()).toBuilder().nodeId("b").build()).build()) {
            PushwireServer nodeA = node(a);
            PushwireServer nodeB = node(b);
            try {
                String urlA = "http://127.0.0.1:" + nodeA.port() + "/echo";
                String urlB = "http://127.0.0.1:" + nodeB.port() + "/echo";
                List<String> table = new ArrayList<>();
                for (int round = 0; round < 2; round++) {  // the first round warms up
                    table.clear();
                    table.add(measure("local    ", urlA, urlA));
                    table.add(measure("forwarded", urlA, urlB));
                }
                log.info("Echo over long polling, Redis bus on loopback:\n  {}", String.join("\n  ", table));
            } finally {
                nodeA.stop();
                nodeB.stop();
            }
        }
    }

    private static PushwireServer node(NodeBus bus) {
        PushwireServer s = PushwireServer.builder().host("127.0.0.1").port(0).nodeBus(bus).build();
        s.endpoint("/echo", conn -> conn.onMessage(m -> conn.send(m, null)));
        return s.start();
    }

    /** Opens a session on {@code openUrl}, then echoes through {@code useUrl}. */
    private String measure(String name, String openUrl, String useUrl) throws Exception {
        String sid = JSON.readTree(get(openUrl + "?transport=longpolling")).get("sid").asText();
        String base = useUrl + "?transport=longpolling&sid=" + sid;
        long[] rtt = new long[ROUND_TRIPS];
        long seq = 0;
        long ack = 0;
        for (int i = 0; i < ROUND_TRIPS; i++) {
            long start = System.nanoTime();
            seq++;
            post(base + "&seq=" + seq, "[{\"type\":\"text\",\"data\":\"" + i + "\"}]");
            int got = 0;
            while (got == 0) {
                JsonNode batch = JSON.readTree(get(base + "&ack=" + ack)).get("messages");
                for (JsonNode m : batch) {
                    ack = m.get("seq").asLong();
                    got++;
                }
            }
            rtt[i] = System.nanoTime() - start;
        }
        Arrays.sort(rtt);
        // throughput: one thread posts 20 messages per POST, the poller acknowledges as it reads
        AtomicLong received = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        long[] ackBox = {ack};
        Thread poller = new Thread(() -> {
            try {
                while (!stop.get()) {
                    JsonNode batch = JSON.readTree(get(base + "&ack=" + ackBox[0])).get("messages");
                    for (JsonNode m : batch) {
                        ackBox[0] = m.get("seq").asLong();
                        received.incrementAndGet();
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        poller.start();
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            body.append(i == 0 ? "" : ",").append("{\"type\":\"text\",\"data\":\"message ").append(i).append("\"}");
        }
        String twenty = body.append(']').toString();
        long sent = 0;
        long t0 = System.nanoTime();
        long end = t0 + SECONDS * 1_000_000_000L;
        while (System.nanoTime() < end) {
            post(base + "&seq=" + (seq + 1), twenty);
            seq += 20;
            sent += 20;
            while (sent - received.get() > 2000) {
                Thread.onSpinWait();
            }
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (received.get() < sent && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        stop.set(true);
        poller.join(10_000);
        assertThat(received.get()).as(name + ": every echo came back").isEqualTo(sent);
        return String.format("%s round trip p50 %.2f ms, p99 %.2f ms; %,.0f echoes/s (%d in %.1f s)", name,
                rtt[ROUND_TRIPS / 2] / 1e6, rtt[ROUND_TRIPS * 99 / 100] / 1e6, sent / secs, sent, secs);
    }

    private String get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private void post(String url, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
