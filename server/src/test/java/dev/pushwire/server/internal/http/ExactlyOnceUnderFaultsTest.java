package dev.pushwire.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.core.Message;
import dev.pushwire.server.HttpTransportOptions;
import dev.pushwire.testkit.FaultyRelay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Through a relay that cuts responses mid-body, cuts uploads and resets connections, every message arrives exactly
 * once and in order, both ways, on every HTTP transport.
 */
class ExactlyOnceUnderFaultsTest {
    private final List<Message> serverReceived = new CopyOnWriteArrayList<>();
    private TestHttpServer server;
    private FaultyRelay relay;

    @BeforeEach
    void start() throws Exception {
        server = new TestHttpServer(HttpTransportOptions.builder().maxBatchBytes(2_000).build(), List.of());
        server.endpoint("/echo", ConnectionLimits.DEFAULT, conn -> conn.onMessage(m -> {
            serverReceived.add(m);
            conn.send(m, null);
        }));
    }

    @AfterEach
    void stop() throws Exception {
        if (relay != null) {
            relay.close();
        }
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "longpolling", "polling"})
    void everyMessageArrivesOnceInOrderBothWaysDespiteCutsAndResets(String transport) throws Exception {
        relay = new FaultyRelay(server.port(), 42 + transport.hashCode());
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            sent.add(i % 3 == 2 ? Message.binary(new byte[] {(byte) i, (byte) (i >> 8)})
                    : Message.text("msg " + i + " ✓".repeat(i % 7) + "-".repeat(100)));
        }
        SessionTestClient client = openThroughRelay(transport);
        try {
            for (Message m : sent) {
                client.send(m);
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> client.received.size() >= sent.size()
                    || !client.errors.isEmpty());
            assertThat(client.errors).isEmpty();
            assertThat(serverReceived).containsExactlyElementsOf(sent);
            assertThat(client.received).containsExactlyElementsOf(sent);
            assertThat(relay.cuts()).as("connections cut by the relay").isGreaterThan(5);
            assertThat(client.retries).as("requests retried by the client").isGreaterThan(0);
        } finally {
            client.close();
        }
    }

    /** The opening request may itself be cut: try again (a half-opened session just expires). */
    private SessionTestClient openThroughRelay(String transport) throws Exception {
        Exception last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            SessionTestClient c = new SessionTestClient("http://127.0.0.1:" + relay.port() + "/echo", transport);
            try {
                return c.start();
            } catch (Exception e) {
                c.close();
                last = e;
            }
        }
        throw last;
    }
}
