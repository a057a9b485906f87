package dev.pushwire.bench.internal.transports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushwire.bench.internal.ChildProcess;
import dev.pushwire.bench.internal.ProcStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load clients of one cell: {@code node clients.js} processes ({@code bench/peers/transports}), each holding a
 * share of the clients (many connections per process), driven over stdin: {@code begin FIRST COUNT} before a
 * window, {@code finish DRAIN_MS} after it, one JSON line back per process. Their answers are merged here: counts
 * summed, latency histograms (1 %-wide log buckets, as {@code clients.js} makes them) added. Each process's CPU is
 * read from /proc over the window, so that a cell whose clients were busy can be refused. Harness thread only.
 */
final class NodeClients implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ChildProcess> processes = new ArrayList<>();
    private final List<Integer> counts = new ArrayList<>();
    private long[] cpu0;

    /** What every process received in one window, merged, and what each one cost. */
    record Window(long expected, long delivered, long duplicated, long unexpected, double p50Ms, double p99Ms,
                  double maxMs, List<Double> cpuPct, double lagP99Ms, long errors, String firstError) {
        long lost() {
            return expected - delivered;
        }
    }

    /**
     * Starts {@code processes} Node processes sharing {@code n} clients of {@code system} on {@code port} (the
     * relay's, or the server's when {@code direct}), and returns once every client is connected (or throws after {@code timeout}).
     */
    NodeClients(Path dir, TransportSystem system, int n, int processes, int port, boolean direct, Duration timeout)
            throws Exception {
        Map<String, String> headers = BrowserHeaders.forPort(port, false);
        int offset = 0;
        for (int p = 0; p < processes; p++) {
            int share = n / processes + (p < n % processes ? 1 : 0);
            if (share == 0) {
                continue;
            }
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("kind", system.clientKind());
            spec.put("base", "http://127.0.0.1:" + port);
            spec.put("path", system.path());
            spec.put("n", share);
            spec.put("headers", headers);
            spec.put("pollMs", TransportSystem.POLL_MS);
            spec.put("channel", TransportSystem.HUB_CHANNEL);
            // straight to the server, the clients spread their source addresses as the relay does
            spec.put("sources", direct ? ByteRelay.SOURCE_ADDRESSES : 0);
            spec.put("offset", offset);
            offset += share;
            this.processes.add(new ChildProcess("node-clients-" + (p + 1), List.of("node", "clients.js",
                    JSON.writeValueAsString(spec)), dir));
            counts.add(share);
        }
        try {
            for (ChildProcess c : this.processes) {
                c.awaitLine("ready", timeout);
            }
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** How many Node processes carry the clients. */
    int processes() {
        return processes.size();
    }

    /** Starts recording the window of messages {@code first .. first + count - 1}. */
    void begin(long first, int count) throws Exception {
        for (ChildProcess c : processes) {
            c.send("begin " + first + " " + count);
        }
        cpu0 = processes.stream().mapToLong(ChildProcess::cpuNanos).toArray();
    }

    /**
     * Waits until every client has every message of the window or {@code drain} has passed; what was received and
     * each process's CPU in % of one core over {@code elapsedNanos} (the window's time so far, ended here).
     */
    Window finish(Duration drain, long startNanos) throws Exception {
        for (ChildProcess c : processes) {
            c.send("finish " + drain.toMillis());
        }
        long expected = 0;
        long delivered = 0;
        long duplicated = 0;
        long unexpected = 0;
        long errors = 0;
        String firstError = "";
        double lag = 0;
        long[] hist = new long[4096];
        List<JsonNode> answers = new ArrayList<>();
        for (ChildProcess c : processes) {
            answers.add(JSON.readTree(c.awaitLine("{", drain.plusSeconds(30))));
        }
        long nanos = System.nanoTime() - startNanos;
        List<Double> cpu = new ArrayList<>();
        for (int p = 0; p < processes.size(); p++) {
            cpu.add(ProcStats.percentOfCore(processes.get(p).cpuNanos() - cpu0[p], nanos));
        }
        for (JsonNode r : answers) {
            expected += r.get("expected").asLong();
            delivered += r.get("delivered").asLong();
            duplicated += r.get("duplicated").asLong();
            unexpected += r.get("unexpected").asLong();
            errors += r.get("errors").asLong();
            if (firstError.isEmpty()) {
                firstError = r.get("firstError").asText();
            }
            lag = Math.max(lag, r.get("lagP99Ms").asDouble());
            for (Iterator<Map.Entry<String, JsonNode>> it = r.get("hist").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                hist[Math.min(hist.length - 1, Integer.parseInt(e.getKey()))] += e.getValue().asLong();
            }
        }
        return new Window(expected, delivered, duplicated, unexpected, percentile(hist, 50) / 1000.0,
                percentile(hist, 99) / 1000.0, percentile(hist, 100) / 1000.0, cpu, lag, errors, firstError);
    }

    /** The value (microseconds) at percentile {@code p} of a histogram of {@code clients.js}'s buckets. */
    static double percentile(long[] hist, double p) {
        long total = 0;
        for (long h : hist) {
            total += h;
        }
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
        long seen = 0;
        for (int b = 0; b < hist.length; b++) {
            seen += hist[b];
            if (seen >= rank) {
                return valueOf(b);
            }
        }
        return valueOf(hist.length - 1);
    }

    /** The upper value of bucket {@code b} (clients.js's bucketOf: 1 us wide to 100 us, then 1 % wide). */
    static double valueOf(int b) {
        return b < 100 ? b + 1 : 100 * Math.pow(1.01, b - 100 + 1);
    }

    @Override
    public void close() throws Exception {
        for (ChildProcess c : processes) {
            try {
                c.send("close");
            } catch (Exception ignored) {
                // it ended already
            }
        }
        for (ChildProcess c : processes) {
            c.close();
        }
    }
}
