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
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Broadcast latency under a fixed offered load: {@code subscribers} connections on {@code /sub} and one publisher on
 * {@code /pub} that sends 32-byte text messages at (offered deliveries per second ÷ subscribers) messages per
 * second, each carrying its sequence number and send time. Measures publish-to-delivery latency in
 * {@link BenchSettings#broadcastWindows()} back-to-back windows (each message counts in the window it was published
 * in; the latencies reported are the median over the windows, see {@link #putWindowLatencies}), and counts
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
        Deliveries deliveries = new Deliveries(settings.broadcastWindows());
        List<String> notes = new ArrayList<>();
        Map<String, Double> metrics = new LinkedHashMap<>();
        double messagesPerSecond = (double) settings.broadcastDeliveriesPerSecond() / subscribers;
        long periodNanos = Math.round(1e9 / messagesPerSecond);
        try (WsLoadClient client = new WsLoadClient(peer.port(), settings.clientThreads(),
                settings.clientTransport().resolve(true))) {
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
            Window window = Window.open(peer.pid());
            for (int w = 0; w < deliveries.windowStart.length(); w++) {
                deliveries.windowStart.set(w, seq.get() + 1);
                Thread.sleep(settings.broadcastWindow().toMillis());
            }
            ticks.cancel(false);
            long last = publisher.channel().eventLoop().submit(seq::get).get();
            deliveries.lastMeasured = last;
            double seconds = window.close();
            long published = Math.max(0, last - deliveries.windowStart.get(0) + 1);
            long expected = published * subscribers;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (deliveries.delivered.sum() < expected && System.nanoTime() < deadline) {
                Thread.sleep(20); // polling a counter for the drain, bounded by the deadline
            }
            metrics.put(Metric.RATE, (double) Math.round(deliveries.delivered.sum() / seconds));
            putWindowLatencies(metrics, notes, deliveries.windowHistograms());
            metrics.put(Metric.MISSING, (double) (expected - deliveries.delivered.sum()));
            metrics.put(Metric.DUPLICATES, (double) deliveries.duplicates.sum());
            window.report(metrics, notes, settings.clientThreads());
            metrics.put(Metric.SERVER_RSS_MIB, Window.round(ProcStats.rssBytes(peer.pid()) / 1048576.0, 1));
            metrics.put(Metric.CONNECTIONS, (double) subs.connections().size());
            metrics.put(Metric.ERRORS, (double) (subs.failureCount() + pubs.failureCount() + deliveries.closed.sum()));
            notes.add(String.format("offered %.1f messages/s x %d subscribers; %d published in %d window(s) of %s",
                    messagesPerSecond, subscribers, published, settings.broadcastWindows(),
                    settings.broadcastWindow()));
            if (deliveries.closed.sum() > 0) {
                notes.add(deliveries.closed.sum() + " connections closed during the run: " + deliveries.lastCloseCause);
            }
            deliveries.running = false;
        }
        return new ScenarioResult(peer.peer().id(), name(), metrics, notes);
    }

    /**
     * Puts the latencies of several windows: p50, p99 and p99.9 as the median over the windows of each window's
     * percentile (the middle one; the mean of the two middle ones for an even count), the maximum over all, the p99
     * of every sample pooled, and the lowest and highest window p99; each window's p99 goes to the notes.
     */
    static void putWindowLatencies(Map<String, Double> metrics, List<String> notes, List<Histogram> windows) {
        Histogram pooled = new Histogram(1, 120_000_000_000L, 3);
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> p999 = new ArrayList<>();
        for (Histogram h : windows) {
            pooled.add(h);
            if (h.getTotalCount() > 0) {
                p50.add(h.getValueAtPercentile(50) / 1000.0);
                p99.add(h.getValueAtPercentile(99) / 1000.0);
                p999.add(h.getValueAtPercentile(99.9) / 1000.0);
            }
        }
        if (p99.isEmpty()) {
            EchoScenario.putLatency(metrics, pooled);
            return;
        }
        metrics.put(Metric.P50, Window.round(median(p50), 1));
        metrics.put(Metric.P99, Window.round(median(p99), 1));
        metrics.put(Metric.P999, Window.round(median(p999), 1));
        metrics.put(Metric.MAX, Window.round(pooled.getMaxValue() / 1000.0, 1));
        metrics.put(Metric.P99_POOLED, Window.round(pooled.getValueAtPercentile(99) / 1000.0, 1));
        metrics.put(Metric.P99_LOWEST, Window.round(java.util.Collections.min(p99), 1));
        metrics.put(Metric.P99_HIGHEST, Window.round(java.util.Collections.max(p99), 1));
        notes.add("p99 per window (us): " + p99.stream().map(v -> String.valueOf(Window.round(v, 1))).toList());
    }

    /** The median of {@code values} (not empty): the middle one, or the mean of the two middle ones. */
    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        java.util.Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
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
        /** Per measured window, the latencies of the messages published in it. */
        final LatencyRecorder[] latency;
        /** Per measured window, its first sequence number ({@code Long.MAX_VALUE} until it opens). */
        final AtomicLongArray windowStart;
        final LongAdder delivered = new LongAdder();
        final LongAdder duplicates = new LongAdder();
        final LongAdder closed = new LongAdder();
        volatile long lastMeasured = Long.MAX_VALUE;

        Deliveries(int windows) {
            latency = new LatencyRecorder[windows];
            windowStart = new AtomicLongArray(windows);
            for (int w = 0; w < windows; w++) {
                latency[w] = new LatencyRecorder();
                windowStart.set(w, Long.MAX_VALUE);
            }
        }

        List<Histogram> windowHistograms() {
            List<Histogram> all = new ArrayList<>();
            for (LatencyRecorder r : latency) {
                all.add(r.snapshot());
            }
            return all;
        }

        /** The window {@code seq} was published in, or -1 outside the measured windows. */
        private int windowOf(long seq) {
            if (seq > lastMeasured) {
                return -1;
            }
            for (int w = windowStart.length() - 1; w >= 0; w--) {
                if (seq >= windowStart.get(w)) {
                    return w;
                }
            }
            return -1;
        }
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
            int w = windowOf(seq);
            if (w >= 0) {
                latency[w].record(now - sentAt);
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
