package dev.pushwire.bench.internal.transports;

import dev.pushwire.bench.internal.ChildProcess;
import dev.pushwire.bench.internal.ProcStats;
import dev.pushwire.bench.internal.report.Machine;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The transports bench: for each system and load (clients × messages a second), a fresh peer process on a free
 * loopback port, a {@link ByteRelay} in front of it, {@link NodeClients} on the relay, one {@link Publisher}
 * straight to the peer, an unrecorded warm-up, then one measured window: the publisher sends
 * {@code rate × window} messages, the harness waits for them (the drain) and reads the relay's counters, the
 * processes' CPU and the peer's RSS. A cell whose clients or relay were busy enough to be the bottleneck is kept
 * but marked invalid with the reason. Harness thread only.
 */
public final class TransportBench {
    /** A client process this busy (% of a core) whose event loop is late explains the latency it measured. */
    static final double BUSY_CLIENT_PCT = 50;
    /**
     * Above this many clients they connect straight to the server: the relay would hold two sockets per client in
     * the harness, past its open-file limit at 10,000; bytes and requests are not counted then.
     */
    static final int MAX_RELAYED_CLIENTS = 5000;

    /** One load: {@code clients} each receiving {@code rate} messages a second. */
    public record Load(int clients, int rate) {
        static Load parse(String s) {
            String[] p = s.trim().toLowerCase(java.util.Locale.ROOT).split("x");
            return new Load(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
        }

        @Override
        public String toString() {
            return clients + "x" + rate;
        }
    }

    /**
     * What to run. {@code pushwireJar} null runs {@link PubSubServer} from this classpath instead of the demo (the
     * hub scenario needs the jar). {@code clientProcesses} 0 spreads the clients over
     * {@code ceil(clients × rate × weight / deliveriesPerClientProcess)} processes (at least one per 2,500
     * clients), at most {@code maxClientProcesses}. {@code maxClientCpuPct}: a client process (or the relay)
     * above it refuses the cell. {@code peerArgs} go to the Node peers (test faults).
     */
    public record Settings(List<String> systems, List<Load> loads, List<Load> hubLoads, Duration window,
                           Duration warmUp, Duration drain, List<String> serverJvmOpts, Path pushwireJar,
                           Path peersDir, Path nodeWsDir, int clientProcesses, int maxClientProcesses,
                           int deliveriesPerClientProcess, double maxClientCpuPct, List<String> peerArgs) {
    }

    private final Settings settings;
    private final PrintStream log;
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
        List<TransportSystem> systems = settings.systems().stream().map(TransportSystem::of).toList();
        boolean hub = systems.contains(TransportSystem.PUSHWIRE_HUB);
        for (TransportSystem s : systems) {
            List<Load> loads = new ArrayList<>(s == TransportSystem.PUSHWIRE_HUB ? List.of() : settings.loads());
            if (hub && (s == TransportSystem.PUSHWIRE_HUB || s == TransportSystem.PUSHWIRE_WEBSOCKET)) {
                loads.addAll(settings.hubLoads()); // the hub beside the raw broadcast at the same load
            }
            for (Load load : loads) {
                try {
                    cells.add(runCell(s, load));
                } catch (Exception e) {
                    String p = s.id() + " at " + load + " failed: " + e;
                    problems.add(p);
                    log.println("problem: " + p);
                }
            }
        }
        return new TransportResults(command, date, Machine.describe(), loadBefore, Machine.loadAverage(),
                settings.window().toMillis() + " ms (warm-up " + settings.warmUp().toMillis() + " ms, drain up to "
                        + settings.drain().toMillis() + " ms)", versions(), BrowserHeaders.forPort(0, false), cells,
                List.copyOf(problems));
    }

    private TransportResults.Cell runCell(TransportSystem s, Load load) throws Exception {
        int processes = settings.clientProcesses() > 0 ? settings.clientProcesses()
                : (int) Math.min(settings.maxClientProcesses(), Math.max(Math.ceil(load.clients() / 2500.0),
                Math.ceil(load.clients() * (double) load.rate() * s.clientWeight() / settings.deliveriesPerClientProcess())));
        processes = Math.max(1, Math.min(processes, load.clients()));
        boolean direct = load.clients() > MAX_RELAYED_CLIENTS;
        try (Peer peer = startPeer(s); ByteRelay relay = new ByteRelay(peer.port);
             NodeClients clients = new NodeClients(settings.peersDir(), s, load.clients(), processes,
                     direct ? peer.port : relay.port(), direct, Duration.ofSeconds(120));
             Publisher publisher = new Publisher(peer.port, s == TransportSystem.PUSHWIRE_HUB)) {
            long next = 1;
            if (!settings.warmUp().isZero()) {
                int warm = (int) Math.max(2, Math.round(load.rate() * settings.warmUp().toMillis() / 1000.0));
                window(s, load, next, warm, peer, relay, clients, publisher);
                next += warm;
            }
            int count = (int) Math.max(1, Math.round(load.rate() * settings.window().toMillis() / 1000.0));
            TransportResults.Cell c = window(s, load, next, count, peer, relay, clients, publisher);
            log.printf("%-21s %6s: p50 %7.2f ms p99 %8.2f ms, server cpu %5.1f%% (%5.1f us/delivery), rss %5.0f MiB, "
                            + "down %6.1f B/msg, %5.2f req/msg, lost %d, dup %d, clients %d x cpu %s%%, relay %4.1f%%%s%n",
                    s.id(), load, c.p50Ms(), c.p99Ms(), c.serverCpuPct(), c.serverCpuMicrosPerDelivery(),
                    c.serverRssMiB(), c.downBytesPerMessage(), c.requestsPerMessage(), c.lost(), c.duplicated(),
                    c.clientCpuPct().size(), c.clientCpuPct().stream().map(v -> String.format("%.0f", v)).toList(),
                    c.relayCpuPct(), c.valid() ? "" : "  INVALID: " + c.invalidReason());
            if (c.lost() > 0 || c.duplicated() > 0) {
                problems.add(c.key() + ": lost " + c.lost() + ", duplicated " + c.duplicated());
            }
            if (c.clientErrors() > 0) {
                problems.add(c.key() + ": " + c.clientErrors() + " client errors, the first: " + c.firstClientError());
            }
            if (!publisher.errors().isEmpty()) {
                problems.add(c.key() + ": the hub answered the publisher " + publisher.errors());
            }
            return c;
        }
    }

    private TransportResults.Cell window(TransportSystem s, Load load, long first, int count, Peer peer,
                                         ByteRelay relay, NodeClients clients, Publisher publisher) throws Exception {
        clients.begin(first, count);
        ByteRelay.Counts before = relay.snapshot();
        long serverCpu0 = peer.process.cpuNanos();
        long relayCpu0 = ProcStats.cpuNanos(ProcStats.self());
        long t0 = System.nanoTime();
        publisher.publish(first, count, load.rate()).get(count * 2000L / load.rate() + 30_000,
                java.util.concurrent.TimeUnit.MILLISECONDS);
        NodeClients.Window w = clients.finish(settings.drain().plusMillis(
                s == TransportSystem.PUSHWIRE_POLLING ? TransportSystem.POLL_MS : 0), t0);
        long nanos = System.nanoTime() - t0;
        ByteRelay.Counts d = relay.snapshot().minus(before);
        double serverCpuNanos = peer.process.cpuNanos() - serverCpu0;
        double relayCpu = ProcStats.percentOfCore(ProcStats.cpuNanos(ProcStats.self()) - relayCpu0, nanos);
        double rss = ProcStats.rssBytes(peer.process.pid()) / 1048576.0;
        double per = Math.max(1, w.delivered());
        String invalid = refusal(w, relayCpu);
        return new TransportResults.Cell(s.id(), s.transport(), load.clients(), load.rate(), count, w.expected(),
                w.delivered(), w.lost(), w.duplicated(), w.p50Ms(), w.p99Ms(), w.maxMs(), d.up(), d.down(),
                d.requests(), d.connections(), nanos / 1e9, d.up() / per, d.down() / per, d.requests() / per,
                100.0 * serverCpuNanos / nanos, serverCpuNanos / 1000.0 / per, rss, w.cpuPct(), w.lagP99Ms(),
                relayCpu, w.errors(), w.firstError(), invalid == null, invalid, load.clients() <= MAX_RELAYED_CLIENTS);
    }

    /** Why a window measured its clients rather than the server, or null when it did not. */
    private String refusal(NodeClients.Window w, double relayCpu) {
        List<String> why = new ArrayList<>();
        for (int p = 0; p < w.cpuPct().size(); p++) {
            if (w.cpuPct().get(p) > settings.maxClientCpuPct()) {
                why.add(String.format(java.util.Locale.ROOT, "client process %d of %d at %.0f %% of a core (limit %.0f %%)",
                        p + 1, w.cpuPct().size(), w.cpuPct().get(p), settings.maxClientCpuPct()));
            }
        }
        if (relayCpu > settings.maxClientCpuPct()) {
            why.add(String.format(java.util.Locale.ROOT, "the relay at %.0f %% of a core", relayCpu));
        }
        // a busy client whose event loop was late by half the p99 or more delayed what it measured; a late loop in
        // an idle client is the machine's load (the server waits for a core too), reported but not refused
        double busiest = w.cpuPct().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        if (w.lagP99Ms() > 5 && w.lagP99Ms() >= 0.5 * w.p99Ms() && busiest >= BUSY_CLIENT_PCT) {
            why.add(String.format(java.util.Locale.ROOT, "client event loop late by %.1f ms (p99) at %.0f %% of a "
                    + "core, against a latency p99 of %.1f ms", w.lagP99Ms(), busiest, w.p99Ms()));
        }
        return why.isEmpty() ? null : String.join("; ", why);
    }

    /** A peer process and the port it serves on. */
    private record Peer(ChildProcess process, int port) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.close();
        }
    }

    private Peer startPeer(TransportSystem s) throws Exception {
        List<String> extra = settings.peerArgs();
        return switch (s.peer()) {
            case NODE_WS -> node(s, settings.nodeWsDir(), "server.js", "READY ", extra);
            case NODE_SSE -> node(s, settings.peersDir(), "sse-server.js", "listening ", extra);
            case NODE_LONGPOLL -> node(s, settings.peersDir(), "longpoll-server.js", "listening ", extra);
            case SOCKETIO -> node(s, settings.peersDir(), "socketio-server.js", "listening ", extra);
            case PUSHWIRE -> pushwire(s);
        };
    }

    private static Peer node(TransportSystem s, Path dir, String script, String ready, List<String> extra)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of("node", script, "0"));
        cmd.addAll(extra);
        ChildProcess p = new ChildProcess(s.id() + "-peer", cmd, dir);
        try {
            String line = p.awaitLine(ready, Duration.ofSeconds(30));
            return new Peer(p, Integer.parseInt(line.substring(ready.length()).trim().split("\\s+")[0]));
        } catch (Exception | Error e) {
            p.close();
            throw e;
        }
    }

    private Peer pushwire(TransportSystem s) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(settings.serverJvmOpts());
        if (settings.pushwireJar() == null) {
            if (s == TransportSystem.PUSHWIRE_HUB) {
                throw new IllegalStateException("the hub scenario needs the demo server (--pushwire-jar)");
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), PubSubServer.class.getName(), "0"));
            ChildProcess p = new ChildProcess(s.id() + "-peer", cmd, null);
            try {
                return new Peer(p, Integer.parseInt(p.awaitLine("listening ", Duration.ofSeconds(60)).substring(10).trim()));
            } catch (Exception | Error e) {
                p.close();
                throw e;
            }
        }
        int port = ChildProcess.freePort();
        // the demo as a user runs it, with the per-address limits off (every client comes from 127.0.0.1) and the
        // bench's hub namespace (no presence, no join/leave: 10,000 joins would be 10^8 pushes)
        Path config = Files.createTempFile("pushwire-bench-transports", ".properties");
        Files.writeString(config, "namespace.bench.pattern = bench:*\nnamespace.bench.allow-anonymous = true\n"
                + "namespace.bench.presence = false\nnamespace.bench.join-leave = false\n");
        cmd.addAll(List.of("-jar", settings.pushwireJar().toString(), "serve", "--config", config.toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--max-connections-per-ip", "0",
                "--http-sessions-per-ip-per-minute", "0", "--messages-per-second", "0", "--max-http-sessions",
                "20000", "--hub-publishes-per-second", "0"));
        ChildProcess p = new ChildProcess(s.id() + "-peer", cmd, null);
        try {
            p.awaitPort(port, Duration.ofSeconds(90));
            return new Peer(p, port);
        } catch (Exception | Error e) {
            p.close();
            throw e;
        }
    }

    private Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("pushwire", settings.pushwireJar() == null ? "PubSubServer (bench classpath)"
                : settings.pushwireJar() + " serve (" + System.getProperty("java.runtime.version") + ")");
        v.put("node", ChildProcess.outputOf("node", "--version"));
        v.put("clients", "bench/peers/transports/clients.js: ws 8.23.0, socket.io-client 4.8.4, node:http");
        return v;
    }
}
