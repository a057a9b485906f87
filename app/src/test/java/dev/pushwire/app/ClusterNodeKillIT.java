package dev.pushwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushwire.client.ClientOptions;
import dev.pushwire.client.HubClient;
import dev.pushwire.client.HubClientOptions;
import dev.pushwire.core.hub.Publication;
import dev.pushwire.testkit.NginxProxy;
import dev.pushwire.testkit.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's first fault, with real processes: a redis-server, three {@code pushwire.jar serve --broker redis://...}
 * nodes and a real nginx balancing round-robin over them with no stickiness. Hub clients (the Java
 * {@link HubClient}, six over WebSocket and three over SSE sessions) subscribe to a channel through nginx while a publisher publishes at a steady rate
 * through the HTTP API of a node that stays up; then a node that holds subscribers is killed with SIGKILL. Its
 * clients reconnect through nginx, land on a surviving node and recover by offset from the channel's history in
 * Redis. Every client must end with every publication exactly once, in publish order, with consecutive offsets:
 * 0 lost, 0 duplicated.
 */
class ClusterNodeKillIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "cluster-kill-test-key";
    private static final String CHANNEL = "kill:feed";
    private static final int CLIENTS = 6;
    private static final int SSE_CLIENTS = 3;
    /** 20 per second for 8 s: the history (100 by default) holds well over the seconds a reconnect takes. */
    private static final int MESSAGES = 160;
    private static final int RATE_PER_SECOND = 20;
    private static final int KILL_AFTER = 50;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void stopEverything() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception ignored) {
                // best effort: the next resource still gets closed
            }
        }
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    @Test
    void clientsOfAKilledNodeRecoverThroughNginxWithNothingLostOrDuplicated() throws Exception {
        RedisServer redis = keep(RedisServer.start());
        List<PushwireServeProcess> nodes = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            // one after the other: three JVMs starting at once on a busy two-core machine can each take longer
            // than the start deadline
            nodes.add(keep(PushwireServeProcess.start("--broker", redis.uri(), "--node-id", "n" + k, "--api-key", KEY)));
        }
        NginxProxy nginx = keep(NginxProxy.startRoundRobin(nodes.stream().map(PushwireServeProcess::port).toList(),
                Duration.ofSeconds(120), true));

        List<Receiver> receivers = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Receiver r = new Receiver("ws#" + i, HubClient.connect("ws://127.0.0.1:" + nginx.port() + "/pushwire",
                    HubClientOptions.DEFAULT));
            keep(r.client);
            receivers.add(r);
        }
        // Hub clients over SSE sessions: their stream and their POSTs land on any node (no stickiness) and reach the
        // session's owner over the node bus; when the owner is the node killed, they are told 4010 and start over.
        for (int i = 0; i < SSE_CLIENTS; i++) {
            Receiver r = new Receiver("sse#" + i, HubClient.connect("ws://127.0.0.1:" + nginx.port() + "/pushwire",
                    HubClientOptions.builder().clientOptions(ClientOptions.builder().transports("sse").build()).build()));
            keep(r.client);
            receivers.add(r);
        }
        for (Receiver r : receivers) {
            r.client.channel(CHANNEL).onUnrecoverable(r.unrecoverable::add).subscribe(r::accept)
                    .get(60, TimeUnit.SECONDS);
        }
        // Round-robin put subscribers on every node, so the node about to be killed holds some.
        PushwireServeProcess victim = nodes.get(1);
        for (PushwireServeProcess node : nodes) {
            await("node " + node.port() + " has a subscriber of " + CHANNEL).atMost(Duration.ofSeconds(30))
                    .until(() -> channelsOn(node).contains(CHANNEL));
        }

        PushwireServeProcess publishTo = nodes.get(0);
        AtomicInteger published = new AtomicInteger();
        List<String> publishFailures = new CopyOnWriteArrayList<>();
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        resources.add(publisher::shutdownNow);
        publisher.scheduleAtFixedRate(() -> {
            int seq = published.get() + 1;
            if (seq > MESSAGES) {
                return;
            }
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(publishTo.http("/api/publish")))
                        .header("X-API-Key", KEY).timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"" + CHANNEL + "\",\"data\":{\"seq\":"
                                + seq + "}}")).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    published.set(seq);
                } else {
                    publishFailures.add(seq + ": " + answer.statusCode() + " " + answer.body());
                }
            } catch (Exception e) {
                publishFailures.add(seq + ": " + e);
            }
        }, 0, 1000 / RATE_PER_SECOND, TimeUnit.MILLISECONDS);

        await("publication " + KILL_AFTER).atMost(Duration.ofSeconds(60)).until(() -> published.get() >= KILL_AFTER);
        victim.kill();
        await("all " + MESSAGES + " published").atMost(Duration.ofSeconds(90)).until(() -> published.get() >= MESSAGES);
        assertThat(publishFailures).as("the publish API of a surviving node never failed").isEmpty();

        await("every client has every publication").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    for (Receiver r : receivers) {
                        assertThat(r.seqs).as(r.name + " received").hasSizeGreaterThanOrEqualTo(MESSAGES);
                    }
                });
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= MESSAGES; i++) {
            expected.add(i);
        }
        for (Receiver r : receivers) {
            assertThat(r.unrecoverable).as(r.name + ": nothing was unrecoverable").isEmpty();
            assertThat(r.seqs).as(r.name + ": every publication exactly once, in order (0 lost, 0 duplicated)")
                    .containsExactlyElementsOf(expected);
            for (int i = 1; i < r.offsets.size(); i++) {
                assertThat(r.offsets.get(i)).as(r.name + ": offsets follow each other").isEqualTo(r.offsets.get(i - 1) + 1);
            }
        }
        assertThat(receivers.stream().mapToInt(r -> r.epochs.size()).max().orElse(0))
                .as("one epoch throughout: the channel's history in Redis outlived the node").isEqualTo(1);
    }

    private List<String> channelsOn(PushwireServeProcess node) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(node.http("/api/channels")))
                .header("X-API-Key", KEY).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        List<String> names = new ArrayList<>();
        JSON.readTree(answer.body()).path("channels").forEach(c -> names.add(c.asText()));
        return names;
    }

    /** What one client received, in order. Filled on the client's I/O thread, read by the test thread. */
    private static final class Receiver {
        final String name;
        final HubClient client;
        final List<Integer> seqs = new CopyOnWriteArrayList<>();
        final List<Long> offsets = new CopyOnWriteArrayList<>();
        final java.util.Set<String> epochs = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final List<String> unrecoverable = new CopyOnWriteArrayList<>();

        Receiver(String name, HubClient client) {
            this.name = name;
            this.client = client;
        }

        void accept(Publication p) {
            try {
                JsonNode data = JSON.readTree(p.data());
                seqs.add(data.path("seq").asInt());
                offsets.add(p.offset());
                epochs.add(p.epoch());
            } catch (Exception e) {
                seqs.add(-1);
            }
        }
    }
}
