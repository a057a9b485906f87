package dev.pushwire.bench.internal.scenario;

import dev.pushwire.bench.internal.ProcStats;
import dev.pushwire.bench.internal.load.ClientFrames;
import dev.pushwire.bench.internal.load.WsConnection;
import dev.pushwire.bench.internal.load.WsLoadClient;
import dev.pushwire.bench.internal.peer.PeerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Broadcast latency under a fixed offered load: {@code subscribers} connections on {@code /sub} and one publisher on
 * {@code /pub} that sends 32-byte text messages at (offered deliveries per second ÷ subscribers) messages per
 * second, each carrying its sequence number and send time. Measures publish-to-delivery latency, and counts
 * deliveries missing after a drain wait, and duplicates or reordering.
 */
public final class BroadcastScenario implements Scenario {
    private static final int PAYLOAD_BYTES = 32;
    private final int subscribers;

    /** Broadcast to {@code subscribers} connections. */
    public BroadcastScenario(int subscribers) {
        this.subscribers = subscribers;
    }

    @Override
    public String name() {
        return "broadcast-" + subscribers + "s";
    }

    @Override
    public ScenarioResult run(PeerProcess peer, BenchSettings settings) throws Exception {
        Deliveries deliveries = new Deliveries();
        List<String> notes = new ArrayList<>();
        Map<String, Double> metrics = new LinkedHashMap<>();
        double messagesPerSecond = (double) settings.broadcastDeliveriesPerSecond() / subscribers;
        long periodNanos = Math.round(1e9 / messagesPerSecond);
        try (WsLoadClient client = new WsLoadClient(peer.port(), settings.clientThreads())) {
            Connector.Opened subs = Connector.open(client, "/sub", subscribers, settings.connectConcurrency(),
                    Duration.ofSeconds(120), deliveries);
            Connector.Opened pubs = Connector.open(client, "/pub", 1, 1, Duration.ofSeconds(30), deliveries);
            if (subs.failureCount() + pubs.failureCount() > 0) {
                notes.add("upgrade failures: " + subs.failures() + " " + pubs.failures());
            }
            if (pubs.connections().isEmpty()) {
                throw new IllegalStateException("publisher could not connect: " + pubs.failures());
            }
            WsConnection publisher = pubs.connections().get(0);
            AtomicLong seq = new AtomicLong();
            ScheduledFuture<?> ticks = publisher.channel().eventLoop().scheduleAtFixedRate(() -> {
                long s = seq.incrementAndGet();
                byte[] payload = payload(s, System.nanoTime());
                publisher.write(ClientFrames.encode(publisher.channel().alloc(), ClientFrames.TEXT, payload,
                        publisher.maskKey()));
                publisher.flush();
            }, 0, periodNanos, TimeUnit.NANOSECONDS);
            Thread.sleep(settings.warmup().toMillis());
            deliveries.firstMeasured = seq.get() + 1;
            Window window = Window.open(peer.pid());
            Thread.sleep(settings.measure().toMillis());
            ticks.cancel(false);
            long last = publisher.channel().eventLoop().submit(seq::get).get();
            deliveries.lastMeasured = last;
            double seconds = window.close();
            long published = Math.max(0, last - deliveries.firstMeasured + 1);
            long expected = published * subscribers;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (deliveries.delivered.sum() < expected && System.nanoTime() < deadline) {
                Thread.sleep(20); // polling a counter for the drain, bounded by the deadline
            }
            Histogram h = deliveries.latency.snapshot();
            metrics.put(Metric.RATE, (double) Math.round(deliveries.delivered.sum() / seconds));
            EchoScenario.putLatency(metrics, h);
            metrics.put(Metric.MISSING, (double) (expected - deliveries.delivered.sum()));
            metrics.put(Metric.DUPLICATES, (double) deliveries.duplicates.sum());
            window.report(metrics);
            metrics.put(Metric.SERVER_RSS_MIB, Window.round(ProcStats.rssBytes(peer.pid()) / 1048576.0, 1));
            metrics.put(Metric.CONNECTIONS, (double) subs.connections().size());
            metrics.put(Metric.ERRORS, (double) (subs.failureCount() + pubs.failureCount() + deliveries.closed.sum()));
            notes.add(String.format("offered %.1f messages/s x %d subscribers; %d published in the window",
                    messagesPerSecond, subscribers, published));
            if (deliveries.closed.sum() > 0) {
                notes.add(deliveries.closed.sum() + " connections closed during the run: " + deliveries.lastCloseCause);
            }
            deliveries.running = false;
        }
        return new ScenarioResult(peer.peer().id(), name(), metrics, notes);
    }

    private static byte[] payload(long seq, long nanos) {
        StringBuilder sb = new StringBuilder(PAYLOAD_BYTES).append(seq).append(' ').append(nanos).append(' ');
        while (sb.length() < PAYLOAD_BYTES) {
            sb.append('.');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Counts what subscribers receive; callbacks on event loops. */
    private static final class Deliveries implements WsConnection.Listener {
        final LatencyRecorder latency = new LatencyRecorder();
        final LongAdder delivered = new LongAdder();
        final LongAdder duplicates = new LongAdder();
        final LongAdder closed = new LongAdder();
        volatile long firstMeasured = Long.MAX_VALUE;
        volatile long lastMeasured = Long.MAX_VALUE;
        volatile boolean running = true;
        volatile String lastCloseCause = "";

        /** The last sequence number a subscriber saw. Its event loop only. */
        private static final class Last {
            long seq;
        }

        @Override
        public void onOpen(WsConnection conn) {
            conn.state = new Last();
        }

        @Override
        public void onMessage(WsConnection conn, int opcode, long length, byte[] prefix, int prefixLength) {
            long now = System.nanoTime();
            int i = 0;
            long seq = 0;
            while (i < prefixLength && prefix[i] != ' ') {
                seq = seq * 10 + (prefix[i++] - '0');
            }
            i++;
            long sentAt = 0;
            while (i < prefixLength && prefix[i] != ' ') {
                sentAt = sentAt * 10 + (prefix[i++] - '0');
            }
            Last last = (Last) conn.state;
            if (seq <= last.seq) {
                duplicates.increment();
                return;
            }
            last.seq = seq;
            if (seq >= firstMeasured && seq <= lastMeasured) {
                latency.record(now - sentAt);
                delivered.increment();
            }
        }

        @Override
        public void onClose(WsConnection conn, String cause) {
            if (running && conn.everOpened()) {
                closed.increment();
                lastCloseCause = cause;
            }
        }
    }
}
