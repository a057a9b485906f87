package dev.pushwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.testkit.RawWebSocket;
import dev.pushwire.testkit.WsFrame;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo's {@code /echo} answers its own reads, so it pauses reading while the client does not read the echoes
 * (issue 12): a raw client that pipelines far more than the server may buffer gets every echo back, in order, and
 * the server's buffered bytes stay at the water marks whatever the client does.
 */
class EchoFlowControlTest {
    private static final int SIZE = 64 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /**
     * What the server may hold for one connection: its high water mark, plus the echoes of what it had already read
     * from the socket when it paused (one read batch: at most 16 reads of 64 KiB) and one message.
     */
    private static final long BOUND = ConnectionLimits.DEFAULT.highWaterMark() + 16 * SIZE + SIZE;

    private DemoServer demo;
    private final AtomicLong maxBuffered = new AtomicLong();
    private final AtomicBoolean pausedSeen = new AtomicBoolean();
    private final AtomicBoolean sampling = new AtomicBoolean(true);
    private Thread sampler;

    @BeforeEach
    void start() {
        demo = DemoServer.start(ServeSettings.builder().host("127.0.0.1").port(0).build());
        sampler = new Thread(() -> {
            while (sampling.get()) {
                for (Connection c : demo.server().connections()) {
                    maxBuffered.accumulateAndGet(c.bufferedAmount(), Math::max);
                    if (c.isReadingPaused()) {
                        pausedSeen.set(true);
                    }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(200_000); // sampling period, not a wait
            }
        }, "buffered-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        sampling.set(false);
        sampler.join(5000);
        demo.stop();
    }

    @Test
    void pipelinedEchoesOfAThousandTextAndAThousandBinary64KiBMessagesAllComeBackInOrder() throws Exception {
        RawWebSocket ws = RawWebSocket.connect(demo.server().port(), "/echo");
        try {
            int count = 2000;
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < count; i++) {
                    ws.send(i % 2 == 0 ? WsFrame.text(text(i)) : WsFrame.binary(binary(i)));
                }
            });
            // Not reading at first: 128 MiB of echoes cannot all wait in kernel buffers, so the server must either
            // pause reading the client or (as before issue 12) buffer until it closes it with 4000.
            await().atMost(TIMEOUT).until(pausedSeen::get);
            for (int i = 0; i < count; i++) {
                WsFrame echo = ws.readMessage(TIMEOUT);
                if (i % 2 == 0) {
                    assertThat(echo.opcode()).as("echo %d is text", i).isEqualTo(WsFrame.TEXT);
                    assertThat(echo.text()).as("echo %d", i).isEqualTo(text(i));
                } else {
                    assertThat(echo.opcode()).as("echo %d is binary", i).isEqualTo(WsFrame.BINARY);
                    assertThat(Arrays.equals(echo.payload(), binary(i))).as("echo %d's bytes", i).isTrue();
                }
                if (i % 500 == 499) {
                    // a slow reader: the server's answers pile up meanwhile (the pause is the behaviour under test)
                    Thread.sleep(100);
                }
            }
            writer.get(30, TimeUnit.SECONDS);
        } finally {
            ws.close();
        }
        assertThat(maxBuffered.get()).as("most bytes the server buffered for the client").isLessThanOrEqualTo(BOUND);
    }

    @Test
    void aClientThatSends50MBAndNeverReadsLeavesTheServerBoundedAndOthersServed() throws Exception {
        RawWebSocket flooder = RawWebSocket.open(new InetSocketAddress("127.0.0.1", demo.server().port()), 16 * 1024);
        AtomicLong sent = new AtomicLong();
        try {
            assertThat(flooder.upgrade("/echo", Map.of()).status()).isEqualTo(101);
            byte[] chunk = new byte[SIZE];
            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
                try {
                    while (sent.get() < 50L * 1024 * 1024) {
                        flooder.send(WsFrame.binary(chunk));
                        sent.addAndGet(chunk.length);
                    }
                } catch (RuntimeException closedAtTheEnd) {
                    // the test closes the socket while this write is blocked by TCP
                }
            });
            await().atMost(TIMEOUT).until(pausedSeen::get);
            // Meanwhile another client is served as usual.
            try (RawWebSocket other = RawWebSocket.connect(demo.server().port(), "/echo")) {
                for (int i = 0; i < 20; i++) {
                    other.send(WsFrame.text("still there " + i));
                    assertThat(other.readMessage(TIMEOUT).text()).isEqualTo("still there " + i);
                }
            }
            assertThat(flood).as("the flood is held up by TCP, not finished").isNotDone();
            assertThat(sent.get()).as("bytes the flooder got out").isLessThan(50L * 1024 * 1024);
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(demo.server().connections())
                    .as("the flooder is paused, not closed").singleElement()
                    .satisfies(c -> assertThat(c.isReadingPaused()).isTrue()));
        } finally {
            flooder.close();
        }
        assertThat(maxBuffered.get()).as("most bytes the server buffered for one client").isLessThanOrEqualTo(BOUND);
    }

    private static String text(int i) {
        String head = "message " + i + " ";
        return head + "x".repeat(SIZE - head.length());
    }

    private static byte[] binary(int i) {
        byte[] b = new byte[SIZE];
        ByteBuffer.wrap(b).putInt(i);
        Arrays.fill(b, 4, b.length, (byte) i);
        return b;
    }
}
