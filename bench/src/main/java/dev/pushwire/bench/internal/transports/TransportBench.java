package dev.pushwire.bench.internal.transports;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushwire.bench.internal.ProcStats;
import dev.pushwire.bench.internal.report.Machine;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The transport comparison: for each transport and client count, a fresh server process (Pushwire's
 * {@link TickerServer}, or the Socket.IO peer for the {@code socketio-*} transports), a {@link ByteRelay} in front
 * of it, the clients on the relay, and then one measured window per rate: the server publishes
 * {@code rate × window} messages at {@code rate} per second to every client, the harness waits for them (the
 * drain) and reads the relay's counters, the processes' CPU and the server's RSS. Harness thread only.
 */
public final class TransportBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What to run. {@code window} is the publishing time per rate; at least {@code minMessages} are sent;
     * {@code drain} (plus the poll interval) bounds the wait for late messages; {@code warmUp} sends one unrecorded
     * second at the first rate before the measured windows.
     */
    public record Settings(List<String> transports, List<Integer> clients, List<Integer> rates, Duration window,
                           int minMessages, Duration drain, boolean warmUp, List<String> serverJvmOpts,
                           Path socketIoDir) {
    }

    private final Settings settings;
    private final PrintStream log;
    private final HttpClient control = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> problems = new ArrayList<>();

    public TransportBench(Settings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    /** Runs every cell; returns the results (problems listed, never thrown, so one bad cell spares the rest). */
    public TransportResults run(String command) {
        String date = Instant.now().toString();
        String loadBefore = Machine.loadAverage();
        List<TransportResults.Cell> cells = new ArrayList<>();
        for (String id : settings.transports()) {
            Transport t = Transport.of(id);
            for (int n : settings.clients()) {
                try {
                    cells.addAll(runClients(t, n));
                    // a JDK HttpClient has no close() on 17: its sockets go when it is collected
                    System.gc();
                    log.println("(" + t.id() + ", " + n + " clients done; harness holds " + openFiles() + " files)");
                } catch (Exception e) {
                    String p = t.id() + " with " + n + " clients failed: " + e;
                    problems.add(p);
                    log.println("problem: " + p);
                }
            }
        }
        return new TransportResults(command, date, Machine.describe(), loadBefore, Machine.loadAverage(),
                settings.window().toMillis() + " ms (at least " + settings.minMessages() + " messages)",
                BrowserHeaders.forPort(0, false), cells, List.copyOf(problems));
    }

    private List<TransportResults.Cell> runClients(Transport t, int n) throws Exception {
        List<TransportResults.Cell> cells = new ArrayList<>();
        try (ChildProcess server = startServer(t)) {
            int serverPort = Integer.parseInt(server.awaitLine("listening ", Duration.ofSeconds(30)).substring(10).trim());
            try (ByteRelay relay = new ByteRelay(serverPort); LoadClients clients = t.clients(relay.port(), settings.socketIoDir())) {
                clients.open(n, Duration.ofSeconds(90));
                long[] next = {1};
                if (settings.warmUp()) {
                    // one second at the first rate (at least 2 messages), not recorded: JIT, connection pools
                    int warmRate = settings.rates().get(0);
                    window(t, n, warmRate, Math.max(2, warmRate), serverPort, relay, clients, server, next);
                }
                for (int rate : settings.rates()) {
                    int count = (int) Math.max(settings.minMessages(), Math.round(rate * settings.window().toMillis() / 1000.0));
                    TransportResults.Cell c = window(t, n, rate, count, serverPort, relay, clients, server, next);
                    log.printf("%-19s %5d clients %4d msg/s: p50 %8.2f ms p99 %8.2f ms, down %7.1f B/msg, up %7.1f B/msg, "
                                    + "%5.2f req/msg, missing %d, dup %d, server cpu %5.1f%%%n", c.transport(), n, rate,
                            c.p50Ms(), c.p99Ms(), c.downBytesPerMessage(), c.upBytesPerMessage(), c.requestsPerMessage(),
                            c.missing(), c.duplicated(), c.serverCpuPct());
                    cells.add(c);
                    if (c.missing() > 0 || c.duplicated() > 0) {
                        problems.add(c.key() + ": missing " + c.missing() + ", duplicated " + c.duplicated());
                    }
                }
            }
        }
        return cells;
    }

    private TransportResults.Cell window(Transport t, int n, int rate, int count, int serverPort, ByteRelay relay,
                                         LoadClients clients, ChildProcess server, long[] next) throws Exception {
        long first = next[0];
        next[0] += count;
        clients.begin(first, count);
        ByteRelay.Counts before = relay.snapshot();
        long serverCpu0 = ProcStats.cpuNanos(server.pid());
        long clientCpu0 = ProcStats.cpuNanos(clients.clientPid());
        long t0 = System.nanoTime();
        String answer = control.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort
                        + "/bench/publish?rate=" + rate + "&count=" + count)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        long served = JSON.readTree(answer).get("first").asLong();
        if (served != first) {
            throw new IllegalStateException("the server numbered the window from " + served + ", expected " + first);
        }
        Thread.sleep(Math.round(count * 1000.0 / rate));
        LoadClients.WindowResult r = clients.finish(settings.drain().plus(t.pollInterval()));
        long nanos = System.nanoTime() - t0;
        ByteRelay.Counts d = relay.snapshot().minus(before);
        double serverCpu = 100.0 * (ProcStats.cpuNanos(server.pid()) - serverCpu0) / nanos;
        double clientCpu = 100.0 * (ProcStats.cpuNanos(clients.clientPid()) - clientCpu0) / nanos;
        double rss = ProcStats.rssBytes(server.pid()) / 1048576.0;
        double per = Math.max(1, r.delivered());
        return new TransportResults.Cell(t.id(), n, rate, count, r.expected(), r.delivered(), r.missing(), r.duplicated(),
                r.p50Micros() / 1000.0, r.p99Micros() / 1000.0, r.maxMicros() / 1000.0, d.up(), d.down(), d.requests(),
                d.connections(), nanos / 1e9, d.up() / per, d.down() / per, d.requests() / per, serverCpu, rss, clientCpu);
    }

    private static long openFiles() {
        String[] fds = new java.io.File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    private ChildProcess startServer(Transport t) throws Exception {
        if (t.socketIo()) {
            return new ChildProcess("socket.io-server", List.of("node", "peer.js", "server", "0"), settings.socketIoDir());
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(settings.serverJvmOpts());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(TickerServer.class.getName());
        cmd.add("0");
        return new ChildProcess("pushwire-server", cmd, null);
    }
}
