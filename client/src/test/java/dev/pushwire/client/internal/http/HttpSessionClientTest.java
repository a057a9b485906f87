package dev.pushwire.client.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionListener;
import dev.pushwire.core.Message;
import dev.pushwire.server.HttpTransportOptions;
import dev.pushwire.server.PushwireServer;
import dev.pushwire.testkit.FaultyRelay;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Java client's HTTP transports against the real server: echo, resume through faults, server close. */
class HttpSessionClientTest {
    private final ExecutorService events = Executors.newSingleThreadExecutor();
    private final List<Message> received = new CopyOnWriteArrayList<>();
    private final List<CloseEvent> closes = new CopyOnWriteArrayList<>();
    private final List<Message> serverReceived = new CopyOnWriteArrayList<>();
    private final List<Connection> serverSide = new CopyOnWriteArrayList<>();
    private PushwireServer server;

    private final ConnectionListener sink = new ConnectionListener() {
        @Override
        public void onMessage(Connection connection, Message message) {
            received.add(message);
        }

        @Override
        public void onClose(Connection connection, CloseEvent event) {
            closes.add(event);
        }
    };

    @BeforeEach
    void start() {
        server = PushwireServer.builder().host("127.0.0.1").port(0).shutdownTimeout(Duration.ofSeconds(1))
                .http(HttpTransportOptions.builder().maxBatchBytes(4_000).build()).build().start();
        server.endpoint("/echo", conn -> {
            serverSide.add(conn);
            conn.onMessage(m -> {
                serverReceived.add(m);
                conn.send(m, null);
            });
        });
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        events.shutdown();
        events.awaitTermination(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "longpolling", "polling"})
    void echoesTenThousandMessagesInOrder(String transport) throws Exception {
        HttpSessionClient client = open("http://127.0.0.1:" + server.port() + "/echo", transport);
        List<Message> sent = messages(10_000, 0);
        sent.forEach(m -> client.send(m, null));
        await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= sent.size() || !closes.isEmpty());
        assertThat(closes).isEmpty();
        assertThat(received).containsExactlyElementsOf(sent);
        assertThat(client.transport()).isEqualTo(transport);
        client.close(1000, "done");
        await().atMost(Duration.ofSeconds(5)).until(() -> closes.size() == 1);
        assertThat(closes.get(0)).isEqualTo(new CloseEvent(1000, "done", false, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "longpolling", "polling"})
    void resumesThroughCutResponsesAndResetsWithNothingLostOrDuplicated(String transport) throws Exception {
        try (FaultyRelay relay = new FaultyRelay(server.port(), 7 + transport.hashCode())) {
            HttpSessionClient client = null;
            for (int attempt = 0; attempt < 20 && client == null; attempt++) {
                try {
                    client = open("http://127.0.0.1:" + relay.port() + "/echo", transport);
                } catch (Exception e) {
                    // the opening request itself was cut: open again
                }
            }
            assertThat(client).as("opened through the relay").isNotNull();
            List<Message> sent = messages(2_000, 100);
            for (Message m : sent) {
                client.send(m, null);
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> received.size() >= sent.size() || !closes.isEmpty());
            assertThat(closes).isEmpty();
            assertThat(serverReceived).containsExactlyElementsOf(sent);
            assertThat(received).containsExactlyElementsOf(sent);
            assertThat(relay.cuts()).isGreaterThan(5);
            client.terminate();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "longpolling", "polling"})
    void reportsTheServersCloseAsARemoteClose(String transport) throws Exception {
        open("http://127.0.0.1:" + server.port() + "/echo", transport);
        await().atMost(Duration.ofSeconds(5)).until(() -> serverSide.size() == 1);
        serverSide.get(0).send("bye now");
        serverSide.get(0).close(4100, "go away");
        await().atMost(Duration.ofSeconds(10)).until(() -> closes.size() == 1);
        assertThat(received).containsExactly(Message.text("bye now"));
        assertThat(closes.get(0)).isEqualTo(new CloseEvent(4100, "go away", true, true));
    }

    @org.junit.jupiter.api.Test
    void sseClientAcknowledgesWhileStreamingSoAFastFeedIsNotASlowConsumer() throws Exception {
        PushwireServer small = PushwireServer.builder().host("127.0.0.1").port(0)
                .limits(dev.pushwire.core.ConnectionLimits.builder().maxBufferedBytes(256 * 1024).build())
                .shutdownTimeout(Duration.ofSeconds(1)).build().start();
        byte[] kib = new byte[1024];
        small.endpoint("/feed", conn -> {
            Thread feeder = new Thread(() -> {
                for (int i = 0; i < 1_000 && conn.isOpen(); i++) {
                    java.util.concurrent.locks.LockSupport.parkNanos(2_000_000); // ~500 KiB/s: a paced producer
                    conn.send(kib);
                }
            });
            feeder.setDaemon(true);
            feeder.start();
        });
        try {
            open("http://127.0.0.1:" + small.port() + "/feed", "sse");
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 1_000 || !closes.isEmpty());
            assertThat(closes).as("1 MiB through a 256 KiB queue: the client must acknowledge as it reads").isEmpty();
            assertThat(received).hasSize(1_000);
        } finally {
            small.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 10_000})
    void sseClientAcknowledgesAtTheIntervalTheServerAnnounces(int ackMs) throws Exception {
        PushwireServer paced = PushwireServer.builder().host("127.0.0.1").port(0)
                .http(HttpTransportOptions.builder().sseAckInterval(Duration.ofMillis(ackMs)).build())
                .shutdownTimeout(Duration.ofSeconds(1)).build().start();
        paced.endpoint("/feed", conn -> {
            Thread feeder = new Thread(() -> {
                for (int i = 0; i < 200 && conn.isOpen(); i++) { // 50 small messages/s for 4 s
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
                    conn.send("tick " + i);
                }
            });
            feeder.setDaemon(true);
            feeder.start();
        });
        try (RequestCountingRelay relay = new RequestCountingRelay(paced.port())) {
            HttpSessionClient client = open("http://127.0.0.1:" + relay.port() + "/feed", "sse");
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 200 || !closes.isEmpty());
            assertThat(closes).isEmpty();
            int posts = relay.posts();
            client.terminate();
            if (ackMs == 200) {
                // about one every 200-300 ms (the interval, the client's check, the request) over 4 s or more; a
                // client on a fixed 1 s would make 4 or 5
                assertThat(posts).as("acknowledgements every 200 ms for 4 s").isBetween(8, 30);
            } else {
                assertThat(posts).as("no acknowledgement due within 10 s of the first message").isZero();
            }
        } finally {
            paced.stop();
        }
    }

    private HttpSessionClient open(String url, String transport) throws Exception {
        HttpSessionClient client = new HttpSessionClient(URI.create(url), transport, Map.of(), Duration.ofSeconds(5),
                events, sink);
        client.start().get(10, TimeUnit.SECONDS);
        return client;
    }

    private static List<Message> messages(int n, int padding) {
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i % 3 == 0 ? Message.binary(new byte[] {(byte) i, 0, (byte) 0xff})
                    : Message.text("m" + i + " ünï 😀 " + "-".repeat(i % 50 + padding)));
        }
        return out;
    }
}
