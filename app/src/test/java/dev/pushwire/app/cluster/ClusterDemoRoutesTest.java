package dev.pushwire.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.app.WsPeer;
import dev.pushwire.client.HubChannel;
import dev.pushwire.client.HubClient;
import dev.pushwire.core.hub.Publication;
import dev.pushwire.testkit.RedisServerExtension;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two demo nodes on one real redis-server: what the demo routes promise holds across nodes. */
class ClusterDemoRoutesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();
    private static ClusterNode a;
    private static ClusterNode b;

    @BeforeAll
    static void start() {
        a = ClusterNode.start(redis.uri(), "node-a");
        b = ClusterNode.start(redis.uri(), "node-b");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {a, b}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    @Test
    void pubOnOneNodeReachesSubOnEveryNodeInOrder() throws Exception {
        WsPeer subA = WsPeer.open(a.ws("/sub"));
        WsPeer subB = WsPeer.open(b.ws("/sub"));
        WsPeer pub = WsPeer.open(b.ws("/pub"));
        // the relay channel is subscribed at start; wait until a probe makes it through
        await().atMost(TIMEOUT).until(() -> {
            pub.ws.sendText("probe", true).get(5, TimeUnit.SECONDS);
            return subA.received.contains("text:probe");
        });
        subA.received.clear();
        subB.received.clear();
        for (int i = 0; i < 50; i++) {
            pub.ws.sendText("m" + i, true).get(5, TimeUnit.SECONDS);
        }
        pub.ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(5, TimeUnit.SECONDS);
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add("text:m" + i);
        }
        expected.add("binary:010203");
        for (WsPeer p : List.of(subA, subB)) {
            // late answers to the probes may still come: they are not part of the count
            await().atMost(TIMEOUT).until(() -> withoutProbes(p).size() >= expected.size());
            assertThat(withoutProbes(p)).containsExactlyElementsOf(expected);
        }
        for (WsPeer p : List.of(subA, subB, pub)) {
            p.abort();
        }
    }

    private static List<String> withoutProbes(WsPeer p) {
        return p.received.stream().filter(m -> !m.equals("text:probe")).toList();
    }

    @Test
    void tickerWatchersOnBothNodesSeeTheSameTicksOnce() throws Exception {
        WsPeer onA = WsPeer.open(a.ws("/ticker"));
        WsPeer onB = WsPeer.open(b.ws("/ticker"));
        await().atMost(TIMEOUT).until(() -> onA.received.size() >= 6 && onB.received.size() >= 6);
        Pattern tick = Pattern.compile("text:tick (\\d+) at \\S+Z");
        List<Long> seenA = onA.received.stream().map(m -> {
            var matcher = tick.matcher(m);
            assertThat(matcher.matches()).as(m).isTrue();
            return Long.parseLong(matcher.group(1));
        }).toList();
        assertThat(seenA).doesNotHaveDuplicates().isSorted(); // two nodes tick, each tick is shown once
        List<String> both = onA.received.subList(1, 4);
        await().atMost(TIMEOUT).until(() -> onB.received.containsAll(both));
        onA.abort();
        onB.abort();
    }

    @Test
    void aHubSubscriberOnOneNodeGetsWhatTheApiPublishedOnTheOtherAndPresenceIsClusterWide() throws Exception {
        try (HubClient client = HubClient.connect(b.ws("/pushwire"))) {
            List<Publication> got = new CopyOnWriteArrayList<>();
            HubChannel news = client.channel("cluster:news");
            news.subscribe(got::add).get(10, TimeUnit.SECONDS);
            assertThat(a.publish("cluster:news", "{\"n\":1}", null).statusCode()).isEqualTo(200);
            await().atMost(TIMEOUT).until(() -> got.size() == 1);
            assertThat(got.get(0).data()).isEqualTo("{\"n\":1}");
            String clientId = client.connected().get(5, TimeUnit.SECONDS).clientId();
            // presence asked on the other node lists the client connected to this one
            await().atMost(TIMEOUT).until(() -> a.get("/api/presence?channel=cluster:news").body()
                    .contains("\"client\":\"" + clientId + "\""));
        }
        await().atMost(TIMEOUT).until(() -> a.get("/api/presence?channel=cluster:news").body()
                .equals("{\"clients\":[]}"));
    }

    @Test
    void metricsAreTaggedWithTheNodeAndSayTheBrokerIsAvailable() throws Exception {
        String scrape = a.get("/metrics").body();
        assertThat(scrape).contains("pushwire_broker_available{node=\"node-a\"} 1.0");
        assertThat(b.get("/metrics").body()).contains("pushwire_hub_connections{endpoint=\"/pushwire\",node=\"node-b\"}");
    }
}
