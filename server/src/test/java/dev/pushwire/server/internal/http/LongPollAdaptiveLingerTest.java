package dev.pushwire.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.core.Message;
import dev.pushwire.server.HttpTransportOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Long polling's adaptive linger on real sockets: a steady feed batches to at most 0.3 requests per message with
 * every message once and in order; a message on a quiet session does not wait out the linger.
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
