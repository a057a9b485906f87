package dev.pushwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.websocket.DeflateOptions;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A server connection's contract over real sockets: close codes, ping/pong, limits, heartbeat, deflate, stop. */
class ConnectionBehaviourTest {
    private PushwireServer server;
    private final BlockingQueue<Connection> opened = new LinkedBlockingQueue<>();
    private final BlockingQueue<CloseEvent> closed = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();

    private void start(PushwireServer.Builder builder) {
        server = builder.host("127.0.0.1").port(0).build();
        server.endpoint("/echo", conn -> {
            opened.add(conn);
            conn.onMessage(msg -> conn.send(msg, null));
            conn.onClose(closed::add);
            conn.onPong(pongs::add);
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private TestWebSocketClient.Builder client() {
        return TestWebSocketClient.to("ws://127.0.0.1:" + server.port() + "/echo");
    }

    private CloseEvent nextClose() throws InterruptedException {
        CloseEvent e = closed.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("the server saw the connection close").isNotNull();
        return e;
    }

    @Test
    void reportsTheClientsCloseCodeAndReasonAndEchoesTheCode() throws Exception {
        start(PushwireServer.builder());
        try (TestWebSocketClient c = client().connect()) {
            c.close(4100, "bye for now");
            assertThat(c.nextClose().code()).isEqualTo(4100);
            assertThat(nextClose()).isEqualTo(new CloseEvent(4100, "bye for now", true, true));
            c.awaitDisconnect(Duration.ofSeconds(5));
        }
    }

    @Test
    void sendsTheServersCloseCodeAndReasonToTheClient() throws Exception {
        start(PushwireServer.builder());
        try (TestWebSocketClient c = client().connect()) {
            Connection conn = opened.poll(5, TimeUnit.SECONDS);
            conn.close(4500, "not allowed");
            assertThat(c.nextClose()).isEqualTo(new TestWebSocketClient.Close(4500, "not allowed"));
            assertThat(nextClose()).isEqualTo(new CloseEvent(4500, "not allowed", false, true));
            c.awaitDisconnect(Duration.ofSeconds(5));
        }
    }

    @Test
    void answersPingsWithTheSamePayloadAndReportsPongs() throws Exception {
        start(PushwireServer.builder());
        try (TestWebSocketClient c = client().connect()) {
            c.ping(new byte[] {1, 2, 3});
            TestWebSocketClient.Event e = c.next();
            assertThat(e).isInstanceOf(TestWebSocketClient.Pong.class);
            assertThat(((TestWebSocketClient.Pong) e).payload()).containsExactly(1, 2, 3);

            Connection conn = opened.poll(5, TimeUnit.SECONDS);
            conn.ping("are you there".getBytes());
            TestWebSocketClient.Event ping = c.next();
            assertThat(ping).isInstanceOf(TestWebSocketClient.Ping.class);
            assertThat(pongs.poll(5, TimeUnit.SECONDS)).asString().isEqualTo("are you there");
        }
    }

    @Test
    void closesWith1009WhenAMessageIsLargerThanTheLimit() throws Exception {
        start(PushwireServer.builder().limits(ConnectionLimits.builder().maxMessageBytes(1000).maxFrameBytes(1000)
                .build()));
        try (TestWebSocketClient c = client().connect()) {
            c.sendBinary(new byte[1001]);
            TestWebSocketClient.Close close = c.nextClose();
            assertThat(close.code()).isEqualTo(1009);
            assertThat(close.reason()).contains("1000");
            assertThat(nextClose().code()).isEqualTo(1009);
        }
    }

    @Test
    void closesASlowConsumerWith4000AndFreesItsSlot() throws Exception {
        start(PushwireServer.builder().limits(ConnectionLimits.builder().maxBufferedBytes(1 << 20)
                .closeTimeout(Duration.ofMillis(500)).build()));
        try (TestWebSocketClient c = client().neverReadAfterHandshake().connect()) {
            Connection conn = opened.poll(5, TimeUnit.SECONDS);
            byte[] chunk = new byte[64 * 1024];
            CompletableFuture<Integer> flooded = CompletableFuture.supplyAsync(() -> {
                int sent = 0;
                while (conn.send(chunk) && sent < 100_000) {
                    sent++;
                }
                return sent;
            });
            CloseEvent e = nextClose();
            assertThat(e.code()).isEqualTo(4000);
            assertThat(e.reason()).contains("slow consumer");
            assertThat(flooded.get(10, TimeUnit.SECONDS)).isLessThan(100_000);
            await().until(() -> server.connections().isEmpty());
        }
    }

    @Test
    void closesAPeerThatFloodsPingsWithoutReadingThePongsWith4000() throws Exception {
        start(PushwireServer.builder().limits(ConnectionLimits.builder().maxBufferedBytes(256 * 1024)
                .closeTimeout(Duration.ofMillis(500)).build()));
        try (dev.pushwire.testkit.RawWebSocket raw = dev.pushwire.testkit.RawWebSocket.connect(server.port(), "/echo")) {
            byte[] payload = new byte[125];
            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 2_000_000 && closed.isEmpty(); i++) {
                        raw.send(dev.pushwire.testkit.WsFrame.ping(payload));
                    }
                } catch (RuntimeException droppedByServer) {
                    // expected once the server gives up on us
                }
            });
            CloseEvent e = closed.poll(60, TimeUnit.SECONDS);
            assertThat(e).as("the server closed the ping flooder").isNotNull();
            assertThat(e.code()).isEqualTo(4000);
            flood.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void heartbeatTerminatesAPeerThatStopsAnsweringPingsWith4001() throws Exception {
        start(PushwireServer.builder().limits(ConnectionLimits.builder().pingInterval(Duration.ofMillis(200))
                .pingTimeout(Duration.ofMillis(300)).build()));
        try (TestWebSocketClient c = client().connect()) {
            c.autoPong = false;
            assertThat(c.next()).isInstanceOf(TestWebSocketClient.Ping.class);
            CloseEvent e = nextClose();
            assertThat(e.code()).isEqualTo(4001);
            assertThat(e.remote()).isFalse();
            c.awaitDisconnect(Duration.ofSeconds(5));
        }
    }

    @Test
    void heartbeatKeepsAPeerThatAnswersPings() throws Exception {
        // Pinged every 100 ms for twice the ping timeout: a server that did not count the pongs would have dropped
        // the peer. The timeout is 1 s, not a few hundred ms, so that one pong delayed by a loaded machine does not.
        Duration pingTimeout = Duration.ofSeconds(1);
        start(PushwireServer.builder().limits(ConnectionLimits.builder().pingInterval(Duration.ofMillis(100))
                .pingTimeout(pingTimeout).build()));
        try (TestWebSocketClient c = client().connect()) {
            long until = System.nanoTime() + 2 * pingTimeout.toNanos();
            for (int pings = 0; pings < 5 || System.nanoTime() < until; pings++) {
                assertThat(c.next()).isInstanceOf(TestWebSocketClient.Ping.class);
            }
            assertThat(c.isOpen()).isTrue();
            assertThat(closed).isEmpty();
        }
    }

    @Test
    void negotiatesPermessageDeflateAndCompressesOnTheWire() throws Exception {
        start(PushwireServer.builder().deflate(DeflateOptions.builder().thresholdBytes(64).build()));
        String text = "pushwire ".repeat(20_000); // 180 kB, very compressible
        try (TestWebSocketClient c = client().deflate().connect()) {
            Connection conn = opened.poll(5, TimeUnit.SECONDS);
            assertThat(conn.extensions()).singleElement().asString().startsWith("permessage-deflate");
            long before = c.wireBytesIn.get();
            c.sendText(text);
            assertThat(c.nextText()).isEqualTo(text);
            assertThat(c.wireBytesIn.get() - before).as("bytes on the wire").isLessThan(text.length() / 20);
            c.sendText("small");
            assertThat(c.nextText()).isEqualTo("small");
        }
    }

    @Test
    void closesWith1009WhenACompressedMessageInflatesPastTheMemoryCap() throws Exception {
        start(PushwireServer.builder().deflate(DeflateOptions.builder().maxInflatedBytes(10_000).build()));
        try (TestWebSocketClient c = client().deflate().connect()) {
            c.sendText("0".repeat(200_000)); // a few hundred bytes compressed, 200 kB inflated
            TestWebSocketClient.Close close = c.nextClose();
            assertThat(close.code()).isEqualTo(1009);
            assertThat(close.reason()).contains("inflated");
            assertThat(nextClose().code()).isEqualTo(1009);
        }
    }

    @Test
    void doesNotNegotiateDeflateWhenDisabled() throws Exception {
        start(PushwireServer.builder());
        try (TestWebSocketClient c = client().deflate().connect()) {
            Connection conn = opened.poll(5, TimeUnit.SECONDS);
            assertThat(conn.extensions()).isEmpty();
            c.sendText("plain");
            assertThat(c.nextText()).isEqualTo("plain");
        }
    }

    @Test
    void gracefulStopSends1001AndWaitsForTheCloseHandshake() throws Exception {
        start(PushwireServer.builder().shutdownTimeout(Duration.ofSeconds(5)));
        try (TestWebSocketClient c = client().connect()) {
            opened.poll(5, TimeUnit.SECONDS);
            long start = System.nanoTime();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
            assertThat(c.nextClose()).isEqualTo(new TestWebSocketClient.Close(1001, "server shutting down"));
            stopping.get(10, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
            assertThat(nextClose()).isEqualTo(new CloseEvent(1001, "server shutting down", false, true));
            c.awaitDisconnect(Duration.ofSeconds(5));
            server = null;
        }
    }

    @Test
    void gracefulStopDropsPeersThatIgnoreTheCloseAfterTheShutdownTimeout() throws Exception {
        start(PushwireServer.builder().shutdownTimeout(Duration.ofMillis(300))
                .limits(ConnectionLimits.builder().closeTimeout(Duration.ofSeconds(30)).build()));
        try (TestWebSocketClient c = client().connect()) {
            c.autoCloseReply = false;
            opened.poll(5, TimeUnit.SECONDS);
            server.stop();
            server = null;
            assertThat(c.nextClose().code()).isEqualTo(1001);
            c.awaitDisconnect(Duration.ofSeconds(5));
            CloseEvent e = nextClose();
            assertThat(e.code()).isEqualTo(1001);
            assertThat(e.clean()).isFalse();
        }
    }
}
