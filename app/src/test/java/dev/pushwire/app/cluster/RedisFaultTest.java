package dev.pushwire.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.app.WsPeer;
import dev.pushwire.client.HubClient;
import dev.pushwire.client.HubClientOptions;
import dev.pushwire.testkit.RedisServerExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis faults under two demo nodes sharing a real redis-server: a publisher on node A (HTTP API, retrying each
 * publication with its idempotency key until it is stored) and hub subscribers (the Java client) on both nodes, every
 * publication counted. Each test names what a user sees.
 */
class RedisFaultTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern SEQ = Pattern.compile("\\{\"seq\":(\\d+)}");
    private static final String CHANNEL = "faults";

    /** A fresh Redis for each test: the tests pause, kill and restart it. */
    @RegisterExtension
    final RedisServerExtension redis = new RedisServerExtension();
    private ClusterNode a;
    private ClusterNode b;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final AtomicInteger unavailableAnswers = new AtomicInteger();

    @BeforeEach
    void startCluster() {
        a = ClusterNode.start(redis.uri(), "fault-a");
        b = ClusterNode.start(redis.uri(), "fault-b");
    }

    @AfterEach
    void stop() {
        closeables.add(a);
        closeables.add(b);
        for (AutoCloseable c : closeables) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    /** A hub subscriber that records the seq of every publication and every unrecoverable notice. */
    private final class Counter {
        final List<Integer> seqs = new CopyOnWriteArrayList<>();
        final List<String> unrecoverable = new CopyOnWriteArrayList<>();

        Counter(ClusterNode node) throws Exception {
            HubClient client = HubClient.connect(node.ws("/pushwire"), HubClientOptions.builder()
                    .reconnectDelay(Duration.ofMillis(100), Duration.ofSeconds(1)).build());
            closeables.add(client);
            client.channel(CHANNEL).onUnrecoverable(unrecoverable::add).subscribe(p -> {
                Matcher m = SEQ.matcher(p.data());
                assertThat(m.matches()).as(p.data()).isTrue();
                seqs.add(Integer.parseInt(m.group(1)));
            }).get(15, TimeUnit.SECONDS);
        }

        void awaitAll(int n) {
            await().atMost(TIMEOUT).until(() -> seqs.size() >= n);
            List<Integer> expected = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                expected.add(i);
            }
            assertThat(seqs).as("0 lost, 0 duplicated, in order").containsExactlyElementsOf(expected);
        }
    }

    /** Publishes {@code {"seq":n}} through node A's API until it is stored (503 while Redis is away: retry). */
    private void publish(int seq) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            HttpResponse<String> r = a.publish(CHANNEL, "{\"seq\":" + seq + "}", "seq-" + seq);
            if (r.statusCode() == 200) {
                return;
            }
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.body()).contains("\"error\":\"broker_unavailable\"");
            unavailableAnswers.incrementAndGet();
            assertThat(System.nanoTime()).as("stored within " + TIMEOUT).isLessThan(deadline);
            Thread.sleep(100); // back off before the retry
        }
    }

    private void publishRange(int from, int to) throws Exception {
        for (int i = from; i <= to; i++) {
            publish(i);
        }
    }

    @Test
    void redisPausedFiveSecondsLosesAndDuplicatesNothingAndNodesComeBackByThemselves() throws Exception {
        Counter onA = new Counter(a);
        Counter onB = new Counter(b);
        publishRange(1, 10);
        CompletableFuture<Void> during = CompletableFuture.runAsync(() -> {
            try {
                publishRange(11, 20); // keeps publishing through the pause, retrying what timed out
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        redis.server().pause();
        Thread.sleep(5000); // the fault: Redis stopped for 5 s
        redis.server().resume();
        during.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        publishRange(21, 30);
        onA.awaitAll(30);
        onB.awaitAll(30);
        assertThat(unavailableAnswers.get()).as("publishes during the pause were refused with 503").isPositive();
        assertThat(onA.unrecoverable).isEmpty();
        assertThat(onB.unrecoverable).isEmpty();
        await().atMost(TIMEOUT).until(() -> a.server.routes().hub().options().broker().isAvailable());
    }

    @Test
    void redisRestartedWithoutPersistenceTellsSubscribersUnrecoverableNeverSilence() throws Exception {
        Counter onB = new Counter(b);
        publishRange(1, 20);
        onB.awaitAll(20);
        redis.server().restart(); // everything Redis held is gone: a new epoch
        publishRange(21, 40);
        onB.awaitAll(40);
        assertThat(onB.unrecoverable).as("the subscriber is told the stream was lost").isNotEmpty();
        assertThat(onB.unrecoverable.get(0)).contains("was lost");
    }

    @Test
    @RedisServerExtension.AppendOnly
    void redisRestartedWithAppendOnlyFileLosesNothing() throws Exception {
        Counter onA = new Counter(a);
        Counter onB = new Counter(b);
        publishRange(1, 20);
        redis.server().restart();
        publishRange(21, 40);
        onA.awaitAll(40);
        onB.awaitAll(40);
        assertThat(onA.unrecoverable).isEmpty();
        assertThat(onB.unrecoverable).isEmpty();
    }

    @Test
    void whileRedisIsDownThePublishApiAnswers503AndClientsStayConnected() throws Exception {
        WsPeer peer = WsPeer.open(b.ws("/pushwire"));
        peer.ws.sendText("{\"id\":1,\"type\":\"connect\"}", true).get(5, TimeUnit.SECONDS);
        peer.ws.sendText("{\"id\":2,\"type\":\"subscribe\",\"channel\":\"" + CHANNEL + "\"}", true)
                .get(5, TimeUnit.SECONDS);
        await().atMost(TIMEOUT).until(() -> peer.received.stream()
                .anyMatch(m -> m.startsWith("text:{\"id\":2,\"result\"")));

        redis.server().kill();
        HttpResponse<String> refused = a.publish(CHANNEL, "{\"seq\":1}", "seq-1");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        assertThat(refused.body()).contains("\"error\":\"broker_unavailable\"").contains("\"message\":\"Redis at");
        assertThat(a.server.routes().hub().options().broker().isAvailable()).isFalse();

        redis.server().restart();
        publish(1); // retried until Redis is back
        await().atMost(TIMEOUT).until(() -> peer.received.stream().anyMatch(m -> m.contains("\"seq\":1")));
        assertThat(peer.ends).as("the client's connection stayed open through the outage").isEmpty();
        peer.abort();
    }
}
