package dev.pushwire.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.core.Message;
import dev.pushwire.server.HttpTransportOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Long polling's adaptive linger on real sockets: a steady feed batches to at most 0.3 requests per message with
 * every message once and in order; a feed too slow for batching to pay, and a message on a quiet session, do not
 * wait out the linger.
 */
class LongPollAdaptiveLingerTest {
    private final List<Connection> connections = new CopyOnWriteArrayList<>();

    @Test
    void aSteadyFeedOf100PerSecondTakesAtMostOneRequestPerThreeMessages() throws Exception {
        try (TestHttpServer server = new TestHttpServer(HttpTransportOptions.DEFAULT, List.of())) {
            server.endpoint("/feed", ConnectionLimits.DEFAULT, connections::add);
            try (SessionTestClient client = new SessionTestClient(server.url("/feed"), "longpolling").start()) {
                await().atMost(Duration.ofSeconds(5)).until(() -> connections.size() == 1);
                Connection c = connections.get(0);
                long before = client.requests;
                int count = 300;
                long next = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    next += 10_000_000L; // 100 a second, paced
                    LockSupport.parkNanos(next - System.nanoTime());
                    c.send("m" + i);
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> client.received.size() >= count);
                List<Message> expected = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    expected.add(Message.text("m" + i));
                }
                assertThat(client.received).containsExactlyElementsOf(expected);
                assertThat(client.errors).isEmpty();
                double perMessage = (double) (client.requests - before) / count;
                assertThat(perMessage).as("requests per message").isLessThanOrEqualTo(0.3);
            }
        }
    }

    @Test
    void aFeedTooSlowForBatchingToPayIsAnsweredMessageByMessage() throws Exception {
        // A 400 ms budget and gaps of 100 and 500 ms: every other message comes within the budget, but waiting for
        // company would gather none. A message that waited would be 400 ms late; one that did not, milliseconds.
        try (TestHttpServer server = new TestHttpServer(HttpTransportOptions.builder()
                .longPollLinger(Duration.ofMillis(400)).build(), List.of())) {
            server.endpoint("/feed", ConnectionLimits.DEFAULT, connections::add);
            try (SessionTestClient client = new SessionTestClient(server.url("/feed"), "longpolling").start()) {
                await().atMost(Duration.ofSeconds(5)).until(() -> connections.size() == 1);
                Connection c = connections.get(0);
                int count = 12;
                long next = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    next += (i % 2 == 0 ? 500 : 100) * 1_000_000L;
                    LockSupport.parkNanos(next - System.nanoTime());
                    c.send(Long.toString(System.nanoTime()));
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> client.received.size() >= count);
                List<Long> afterShortGap = new ArrayList<>();
                for (int i = 1; i < count; i += 2) {
                    long sent = Long.parseLong(client.received.get(i).text());
                    afterShortGap.add((client.receivedAt.get(i) - sent) / 1_000_000);
                }
                Collections.sort(afterShortGap);
                assertThat(afterShortGap.get(afterShortGap.size() / 2))
                        .as("median ms from send to receipt after a short gap, of %s", afterShortGap)
                        .isLessThan(200);
                assertThat(client.errors).isEmpty();
            }
        }
    }

    @Test
    void aMessageOnAQuietSessionDoesNotWaitOutTheLinger() throws Exception {
        // A 60 s budget: a message that waited it out would miss the 20 s deadline by far.
        try (TestHttpServer server = new TestHttpServer(HttpTransportOptions.builder()
                .longPollLinger(Duration.ofSeconds(60)).build(), List.of())) {
            server.endpoint("/feed", ConnectionLimits.DEFAULT, connections::add);
            try (SessionTestClient client = new SessionTestClient(server.url("/feed"), "longpolling").start()) {
                await().atMost(Duration.ofSeconds(5)).until(() -> connections.size() == 1);
                Thread.sleep(200); // the poll is held
                connections.get(0).send("alone");
                await().atMost(Duration.ofSeconds(20)).until(() -> client.received.size() == 1);
                assertThat(client.received).containsExactly(Message.text("alone"));
            }
        }
    }
}
