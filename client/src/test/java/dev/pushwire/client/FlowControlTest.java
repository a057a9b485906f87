package dev.pushwire.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.core.Message;
import dev.pushwire.server.ConnectionHandler;
import dev.pushwire.server.HttpTransportOptions;
import dev.pushwire.server.PushwireServer;
import dev.pushwire.testkit.RawWebSocket;
import dev.pushwire.testkit.WsFrame;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The flow-control API of {@link Connection} (issue 12) on a real server, over WebSocket and HTTP sessions. */
class FlowControlTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int CHUNK = 16 * 1024;
    private static final ConnectionLimits LIMITS = ConnectionLimits.builder().maxBufferedBytes(1 << 20)
            .maxFrameBytes(64 * 1024).maxMessageBytes(64 * 1024).build();
    private PushwireServer server;
    private final List<CloseEvent> closes = new CopyOnWriteArrayList<>();

    private PushwireServer start(PushwireServer.Builder builder, String path, ConnectionHandler handler) {
        server = builder.host("127.0.0.1").port(0).limits(LIMITS).build();
        server.endpoint(path, conn -> {
            conn.onClose(closes::add);
            handler.onConnection(conn);
        });
        server.start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /**
     * A producer that sends while the connection is writable and goes on at {@code onDrain}: however slowly the
     * client reads, nothing is lost, nothing is closed, and the buffer stays near the high water mark.
     */
    @Test
    void aProducerThatFollowsWritabilityIsNeverClosedAndSendsEverythingInOrder() throws Exception {
        int total = 400; // 6.4 MiB: six times what may be buffered
        AtomicLong maxBuffered = new AtomicLong();
        AtomicInteger unwritableTimes = new AtomicInteger();
        start(PushwireServer.builder(), "/produce", conn -> {
            AtomicInteger next = new AtomicInteger();
            Runnable produce = () -> {
                while (conn.isWritable() && next.get() < total) {
                    byte[] chunk = new byte[CHUNK];
                    java.nio.ByteBuffer.wrap(chunk).putInt(next.getAndIncrement());
                    conn.send(chunk);
                    maxBuffered.accumulateAndGet(conn.bufferedAmount(), Math::max);
                }
                if (!conn.isWritable()) {
                    unwritableTimes.incrementAndGet();
                }
            };
            conn.onDrain(produce);
            conn.onMessage(m -> produce.run()); // the client's "go"
        });
        RawWebSocket ws = RawWebSocket.open(new InetSocketAddress("127.0.0.1", server.port()), 16 * 1024);
        assertThat(ws.upgrade("/produce", Map.of()).status()).isEqualTo(101);
        ws.send(WsFrame.text("go"));
        await().atMost(TIMEOUT).until(() -> unwritableTimes.get() > 0); // the client has not read anything yet
        for (int i = 0; i < total; i++) {
            WsFrame m = ws.readMessage(TIMEOUT);
            assertThat(java.nio.ByteBuffer.wrap(m.payload()).getInt()).as("message %d in order", i).isEqualTo(i);
        }
        ws.close();
        assertThat(unwritableTimes.get()).as("times the producer stopped on the signal").isGreaterThan(0);
        assertThat(maxBuffered.get()).as("most bytes buffered")
                .isLessThanOrEqualTo(LIMITS.highWaterMark() + CHUNK)
                .isLessThan(LIMITS.maxBufferedBytes());
        assertThat(closes).noneMatch(e -> e.code() == 4000);
    }

    @Test
    void sendAsyncCompletesWhenWrittenAndFailsOnceClosed() throws Exception {
        AtomicReference<Connection> server = new AtomicReference<>();
        start(PushwireServer.builder(), "/async", server::set);
        try (RawWebSocket ws = RawWebSocket.connect(this.server.port(), "/async")) {
            await().atMost(TIMEOUT).until(() -> server.get() != null);
            CompletableFuture<Void> written = server.get().sendAsync(Message.text("hello"));
            written.get(10, TimeUnit.SECONDS);
            assertThat(ws.readMessage(TIMEOUT).text()).isEqualTo("hello");
            server.get().close();
            await().atMost(TIMEOUT).until(() -> !server.get().isOpen());
            CompletableFuture<Void> late = server.get().sendAsync(Message.text("too late"));
            assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            assertThat(server.get().isWritable()).as("a closed connection is not writable").isFalse();
        }
    }

    @Test
    void theHeartbeatDoesNotDropAConnectionWhoseReadingWePausedAndDoesOnceResumed() {
        AtomicReference<Connection> conn = new AtomicReference<>();
        ConnectionLimits fastHeartbeat = LIMITS.toBuilder().pingInterval(Duration.ofMillis(200))
                .pingTimeout(Duration.ofMillis(200)).build();
        server = PushwireServer.builder().host("127.0.0.1").port(0).limits(fastHeartbeat).build();
        server.endpoint("/paused", c -> {
            c.pauseReading();
            c.onClose(closes::add);
            conn.set(c);
        });
        server.start();
        // A raw client answers no ping: only the pause can keep it connected.
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), "/paused")) {
            await().atMost(TIMEOUT).until(() -> conn.get() != null);
            assertThat(conn.get().isReadingPaused()).isTrue();
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> conn.get().isOpen());
            conn.get().resumeReading();
            await().atMost(TIMEOUT).until(() -> !closes.isEmpty());
            assertThat(closes.get(0).code()).as("heartbeat timeout once reading again").isEqualTo(4001);
        }
    }

    @Test
    void aPausedWebSocketIsNotReadUntilResumed() {
        AtomicReference<Connection> conn = new AtomicReference<>();
        List<String> received = new CopyOnWriteArrayList<>();
        start(PushwireServer.builder(), "/pause", c -> {
            conn.set(c);
            c.onMessage(m -> {
                received.add(m.text());
                if (m.text().equals("pause")) {
                    c.pauseReading();
                }
            });
        });
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), "/pause")) {
            ws.send(WsFrame.text("pause"));
            await().atMost(TIMEOUT).until(() -> received.contains("pause"));
            ws.send(WsFrame.text("after"));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> received.size() == 1);
            conn.get().resumeReading();
            await().atMost(TIMEOUT).until(() -> received.equals(List.of("pause", "after")));
        }
    }

    /** HTTP sessions: a paused session holds the client's POSTs (429 after the hold time; the client retries). */
    @Test
    void aPausedHttpSessionHoldsPostsAndAppliesThemOnceWhenResumed() throws Exception {
        AtomicReference<Connection> conn = new AtomicReference<>();
        List<String> received = new CopyOnWriteArrayList<>();
        start(PushwireServer.builder().http(HttpTransportOptions.builder().longPollHold(Duration.ofSeconds(1)).build()),
                "/session", c -> {
                    c.pauseReading();
                    c.onMessage(m -> received.add(m.text()));
                    conn.set(c);
                });
        PushwireClient client = PushwireClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/session"),
                ClientOptions.builder().transports("longpolling").build()).awaitOpen(TIMEOUT);
        try {
            await().atMost(TIMEOUT).until(() -> conn.get() != null);
            client.send("one");
            client.send("two");
            // held past the hold time (1 s): answered 429 reading_paused and sent again by the client, not applied
            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(6)).until(received::isEmpty);
            conn.get().resumeReading();
            await().atMost(TIMEOUT).until(() -> received.size() >= 2);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                    .until(() -> received.equals(List.of("one", "two")));
        } finally {
            client.close();
        }
    }

    /** HTTP sessions: writability follows the session's unacknowledged bytes; the Java client can pause its reading. */
    @Test
    void anHttpSessionTurnsUnwritableWhileItsClientDoesNotReadAndDrainsWhenItDoes() throws Exception {
        AtomicReference<Connection> conn = new AtomicReference<>();
        List<Boolean> changes = new CopyOnWriteArrayList<>();
        start(PushwireServer.builder(), "/session", c -> {
            c.onWritabilityChanged(changes::add);
            conn.set(c);
        });
        PushwireClient client = PushwireClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/session"),
                ClientOptions.builder().transports("longpolling").build());
        client.pauseReading(); // before the open: applied when the session opens
        AtomicInteger got = new AtomicInteger();
        client.onMessage(m -> got.incrementAndGet());
        client.awaitOpen(TIMEOUT);
        try {
            await().atMost(TIMEOUT).until(() -> conn.get() != null);
            int sent = 0;
            while (conn.get().isWritable()) {
                conn.get().send(new byte[CHUNK]);
                sent++;
                assertThat(sent).as("sends before unwritable").isLessThan(1000);
            }
            assertThat(conn.get().bufferedAmount()).isGreaterThan(LIMITS.highWaterMark());
            assertThat(conn.get().isOpen()).isTrue();
            client.resumeReading();
            int expected = sent;
            await().atMost(TIMEOUT).until(() -> got.get() == expected);
            await().atMost(TIMEOUT).until(() -> changes.equals(List.of(false, true)));
        } finally {
            client.close();
        }
    }

    /**
     * The proxy-style handler of docs/websocket.md, between a slow-reading client and a paced echo upstream, with the
     * default limits: each side pauses its source as soon as a send leaves the other side unwritable, so a side
     * overshoots its high water mark by at most the read in progress, which the default gap between the high mark and
     * maxBufferedBytes absorbs. (Waiting for the writability event instead let a fast source fill the other side's
     * loop to maxBufferedBytes before the event came.)
     */
    @Test
    void aRelayForwardsBothWaysWithBoundedMemory() throws Exception {
        List<Connection> relaySides = new CopyOnWriteArrayList<>();
        ConnectionLimits limits = ConnectionLimits.DEFAULT;
        server = PushwireServer.builder().host("127.0.0.1").port(0).limits(limits).build();
        server.endpoint("/echo", dev.pushwire.server.EndpointOptions.builder().pauseReadingWhileUnwritable(true)
                .build(), c -> c.onMessage(m -> c.send(m, null)));
        server.endpoint("/relay", client -> {
            client.onClose(closes::add);
            relaySides.add(client);
            client.pauseReading(); // nothing to forward to until the upstream is open
            PushwireClient upstream = PushwireClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"),
                    ClientOptions.builder().limits(limits).build());
            relaySides.add(upstream);
            upstream.onOpen(client::resumeReading);
            // pause the source at once when a send fills the other side; the events below resume it at the drain
            client.onMessage(m -> {
                upstream.send(m, null);
                if (!upstream.isWritable()) {
                    client.pauseReading();
                }
            });
            upstream.onMessage(m -> {
                client.send(m, null);
                if (!client.isWritable()) {
                    upstream.pauseReading();
                }
            });
            upstream.onWritabilityChanged(w -> {
                if (w) {
                    client.resumeReading();
                } else {
                    client.pauseReading();
                }
            });
            client.onWritabilityChanged(w -> {
                if (w) {
                    upstream.resumeReading();
                } else {
                    upstream.pauseReading();
                }
            });
            client.onClose(e -> upstream.close());
            upstream.onClose(e -> client.close());
        });
        server.start();
        AtomicLong maxBuffered = new AtomicLong();
        AtomicInteger pausedSeen = new AtomicInteger();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (Connection c : relaySides) {
                    maxBuffered.accumulateAndGet(c.bufferedAmount(), Math::max);
                    if (c.isReadingPaused()) {
                        pausedSeen.incrementAndGet();
                    }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(200_000); // sampling period
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        int total = 160; // 10 MiB through the relay: over twice what one side may buffer
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), "/relay")) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < total; i++) {
                    byte[] b = new byte[64 * 1024 - 16];
                    java.nio.ByteBuffer.wrap(b).putInt(i);
                    ws.send(WsFrame.binary(b));
                }
            });
            await().atMost(TIMEOUT).until(() -> pausedSeen.get() > 0); // not reading yet: the relay must pause
            for (int i = 0; i < total; i++) {
                WsFrame m = ws.readMessage(TIMEOUT);
                assertThat(java.nio.ByteBuffer.wrap(m.payload()).getInt()).as("message %d in order", i).isEqualTo(i);
            }
            writer.get(30, TimeUnit.SECONDS);
        } finally {
            sampler.interrupt();
        }
        assertThat(closes).noneMatch(e -> e.code() == 4000);
        assertThat(maxBuffered.get()).as("most bytes one relay side buffered")
                .isLessThan(limits.maxBufferedBytes());
    }
}
