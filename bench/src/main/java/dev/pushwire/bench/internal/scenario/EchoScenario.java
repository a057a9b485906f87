package dev.pushwire.bench.internal.scenario;

import dev.pushwire.bench.internal.ProcStats;
import dev.pushwire.bench.internal.load.ClientFrames;
import dev.pushwire.bench.internal.load.NativeEcho;
import dev.pushwire.bench.internal.load.WsConnection;
import dev.pushwire.bench.internal.load.WsLoadClient;
import dev.pushwire.bench.internal.peer.PeerProcess;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Echo throughput and round-trip latency: {@code connections} connections to {@code /echo}, each keeping
 * {@code inFlight} text messages of {@code payloadBytes} ASCII bytes outstanding (a new one is sent as each echo
 * arrives). Counts round trips in the measured window; checks each echo's type and length. Driven by the C
 * generator ({@link NativeEcho}, which also checks each echo's bytes) when the settings say so, else by this
 * process's Netty generator; each cell's notes say which.
 */
public final class EchoScenario implements Scenario {
    private final int connections;
    private final int inFlight;
    private final int payloadBytes;

    /** Echo over {@code connections} connections with {@code inFlight} messages of {@code payloadBytes} each. */
    public EchoScenario(int connections, int inFlight, int payloadBytes) {
        if (connections < 1 || inFlight < 1 || payloadBytes < 1) {
            throw new IllegalArgumentException("connections, inFlight and payloadBytes must be positive");
        }
        this.connections = connections;
        this.inFlight = inFlight;
        this.payloadBytes = payloadBytes;
    }

    @Override
    public String name() {
        String size = payloadBytes >= 1024 ? (payloadBytes / 1024) + "KiB" : payloadBytes + "B";
        return "echo-" + size + "-" + connections + "c-" + inFlight + "f";
    }

    @Override
    public ScenarioResult run(PeerProcess peer, BenchSettings settings) throws Exception {
        if (settings.echoGenerator().isC()) {
            return runNative(peer, settings);
        }
        byte[] payload = payload(payloadBytes);
        Load load = new Load(payload, inFlight);
        List<String> notes = new ArrayList<>();
        Map<String, Double> metrics = new LinkedHashMap<>();
        try (WsLoadClient client = new WsLoadClient(peer.port(), settings.clientThreads(),
                settings.clientTransport().resolve(false))) {
            Connector.Opened opened = Connector.open(client, "/echo", connections, settings.connectConcurrency(),
                    Duration.ofSeconds(60), load);
            if (!opened.failures().isEmpty()) {
                notes.add("upgrade failures: " + opened.failures());
            }
            for (WsConnection c : opened.connections()) {
                c.channel().eventLoop().execute(() -> load.start(c));
            }
            Thread.sleep(settings.warmup().toMillis());
            load.latency.reset();
            long before = load.completed.sum();
            Window window = Window.open(peer.pid());
            Thread.sleep(settings.measure().toMillis());
            long after = load.completed.sum();
            Histogram h = load.latency.snapshot();
            double seconds = window.close();
            load.running = false;
            long rate = Math.round((after - before) / seconds);
            metrics.put(Metric.RATE, (double) rate);
            metrics.put(Metric.MIB_PER_S, Window.round(rate * (double) payloadBytes / (1024 * 1024), 1));
            putLatency(metrics, h);
            window.report(metrics, notes, settings.clientThreads());
            metrics.put(Metric.SERVER_RSS_MIB, Window.round(ProcStats.rssBytes(peer.pid()) / 1048576.0, 1));
            metrics.put(Metric.CONNECTIONS, (double) opened.connections().size());
            metrics.put(Metric.ERRORS, (double) (load.errors.sum() + load.closed.sum() + opened.failureCount()));
            notes.add("generator: " + settings.echoGenerator().describe() + ", " + settings.clientThreads()
                    + " event loops on " + settings.clientTransport().resolve(false).id());
            if (load.errors.sum() > 0) {
                notes.add(load.errors.sum() + " echoes had the wrong type or length");
            }
            if (load.closed.sum() > 0) {
                notes.add(load.closed.sum() + " connections closed during the run: " + load.lastCloseCause);
            }
            for (WsConnection c : opened.connections()) {
                c.channel().close();
            }
        } finally {
            load.release();
        }
        return new ScenarioResult(peer.peer().id(), name(), metrics, notes);
    }

    /**
     * The same measurement driven by the C generator in a child process: it warms up, says when its measured
     * window opens and closes (the harness reads the server's CPU from /proc over it), and prints its counts and
     * its own CPU over the window.
     */
    private ScenarioResult runNative(PeerProcess peer, BenchSettings settings) throws Exception {
        List<String> notes = new ArrayList<>();
        Map<String, Double> metrics = new LinkedHashMap<>();
        int threads = Math.min(settings.clientThreads(), connections);
        Duration setup = Duration.ofSeconds(60);
        try (NativeEcho gen = NativeEcho.start(settings.echoGenerator().binary(), peer.port(), "/echo", connections,
                inFlight, payloadBytes, threads, settings.warmup(), settings.measure())) {
            Map<String, String> open = gen.await("open", setup);
            int failures = Integer.parseInt(open.get("failures"));
            if (failures > 0) {
                notes.add("upgrade failures: " + failures);
            }
            gen.await("window-open", setup.plus(settings.warmup()));
            Window window = Window.openServerOnly(peer.pid());
            gen.await("window-close", setup.plus(settings.measure()));
            window.close();
            Map<String, String> r = gen.await("result", setup);
            double genSeconds = Double.parseDouble(r.get("seconds"));
            // its own CPU over its window (getrusage: every thread, user + system): it may exit before /proc is read
            window.clientCpu(Long.parseLong(r.get("cpu_ms")) / 10.0 / genSeconds);
            long rate = Math.round(Long.parseLong(r.get("completed")) / genSeconds);
            metrics.put(Metric.RATE, (double) rate);
            metrics.put(Metric.MIB_PER_S, Window.round(rate * (double) payloadBytes / (1024 * 1024), 1));
            metrics.put(Metric.P50, Double.parseDouble(r.get("p50_us")));
            metrics.put(Metric.P99, Double.parseDouble(r.get("p99_us")));
            metrics.put(Metric.P999, Double.parseDouble(r.get("p999_us")));
            metrics.put(Metric.MAX, Double.parseDouble(r.get("max_us")));
            window.report(metrics, notes, threads);
            metrics.put(Metric.SERVER_RSS_MIB, Window.round(ProcStats.rssBytes(peer.pid()) / 1048576.0, 1));
            metrics.put(Metric.CONNECTIONS, Double.parseDouble(r.get("connections")));
            long errors = Long.parseLong(r.get("errors"));
            long closed = Long.parseLong(r.get("closed"));
            metrics.put(Metric.ERRORS, (double) (errors + closed + failures));
            if (errors > 0) {
                notes.add(errors + " echoes were malformed or differed from what was sent (the first is on stderr)");
            }
            if (closed > 0) {
                notes.add(closed + " connections closed during the run");
            }
            notes.add("generator: " + settings.echoGenerator().describe() + ", " + threads + " threads on "
                    + open.getOrDefault("io", "?"));
        }
        return new ScenarioResult(peer.peer().id(), name(), metrics, notes);
    }

    static void putLatency(Map<String, Double> metrics, Histogram h) {
        metrics.put(Metric.P50, Window.round(h.getValueAtPercentile(50) / 1000.0, 1));
        metrics.put(Metric.P99, Window.round(h.getValueAtPercentile(99) / 1000.0, 1));
        metrics.put(Metric.P999, Window.round(h.getValueAtPercentile(99.9) / 1000.0, 1));
        metrics.put(Metric.MAX, Window.round(h.getMaxValue() / 1000.0, 1));
    }

    private static byte[] payload(int size) {
        byte[] alphabet = "pushwire-bench-0123456789-abcdefghijklmnopqrstuvwxyz ".getBytes(StandardCharsets.US_ASCII);
        byte[] p = new byte[size];
        for (int i = 0; i < size; i++) {
            p[i] = alphabet[i % alphabet.length];
        }
        return p;
    }

    /** The per-connection echo loop; callbacks run on each connection's event loop. */
    private static final class Load implements WsConnection.Listener {
        private final byte[] payload;
        private final int inFlight;
        private final int ringMask;
        final LatencyRecorder latency = new LatencyRecorder();
        final LongAdder completed = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder closed = new LongAdder();
        private final List<ByteBuf> frames = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile boolean running = true;
        volatile String lastCloseCause = "";

        Load(byte[] payload, int inFlight) {
            this.payload = payload;
            this.inFlight = inFlight;
            int ring = Integer.highestOneBit(Math.max(1, inFlight - 1)) << 1;
            this.ringMask = ring - 1;
        }

        /** Per connection: its pre-masked frame and the send times of the messages in flight. Event loop only. */
        private final class State {
            final ByteBuf frame;
            final long[] sentAt = new long[ringMask + 1];
            int head;
            int tail;

            State(ByteBuf frame) {
                this.frame = frame;
            }
        }

        @Override
        public void onOpen(WsConnection conn) {
            ByteBuf encoded = ClientFrames.encode(ByteBufAllocator.DEFAULT, ClientFrames.TEXT, payload, conn.maskKey());
            frames.add(encoded);
            conn.state = new State(Unpooled.unreleasableBuffer(encoded));
        }

        void start(WsConnection conn) {
            State s = (State) conn.state;
            for (int i = 0; i < inFlight; i++) {
                send(conn, s, System.nanoTime());
            }
            conn.flush();
        }

        private void send(WsConnection conn, State s, long now) {
            s.sentAt[s.head++ & ringMask] = now;
            conn.write(s.frame.duplicate());
        }

        @Override
        public void onMessage(WsConnection conn, int opcode, long length, byte[] prefix, int prefixLength) {
            long now = System.nanoTime();
            State s = (State) conn.state;
            if (opcode != ClientFrames.TEXT || length != payload.length) {
                errors.increment();
            }
            if (s.tail == s.head) {
                errors.increment();
                return;
            }
            latency.record(now - s.sentAt[s.tail++ & ringMask]);
            completed.increment();
            if (running) {
                send(conn, s, now);
            }
        }

        @Override
        public void onClose(WsConnection conn, String cause) {
            if (running && conn.everOpened()) {
                closed.increment();
                lastCloseCause = cause;
            }
        }

        void release() {
            synchronized (frames) {
                frames.forEach(ByteBuf::release);
                frames.clear();
            }
        }
    }
}
