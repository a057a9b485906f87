package dev.pushwire.bench.internal;

import dev.pushwire.bench.internal.peer.Peer;
import dev.pushwire.bench.internal.peer.PeerProcess;
import dev.pushwire.bench.internal.report.Machine;
import dev.pushwire.bench.internal.report.RunReport;
import dev.pushwire.bench.internal.scenario.BenchSettings;
import dev.pushwire.bench.internal.scenario.BroadcastScenario;
import dev.pushwire.bench.internal.scenario.EchoScenario;
import dev.pushwire.bench.internal.scenario.IdleScenario;
import dev.pushwire.bench.internal.scenario.Metric;
import dev.pushwire.bench.internal.scenario.Scenario;
import dev.pushwire.bench.internal.scenario.ScenarioResult;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The WebSocket peer comparison: starts each peer in its own process, one after the other, runs every scenario
 * against it with this process as the load generator, and collects a {@link RunReport}. A peer that fails to start
 * or dies is reported and the run goes on with the next. The peers run in the order given (see {@link PeerOrder}),
 * which the report records under {@link #PEER_ORDER}. Harness thread only.
 */
public final class WsBench {
    /** The settings key of the order in which this run started its peers (comma separated ids). */
    public static final String PEER_ORDER = "peer_order";
    /** The settings key of the broadcast scenarios' measured windows, e.g. {@code 3 x PT5S}. */
    public static final String BROADCAST_WINDOWS = "broadcast_windows";
    /** The settings key of the load generator's transport (e.g. {@code auto (echo: io_uring; broadcast and idle: epoll)}). */
    public static final String CLIENT_TRANSPORT = "client_transport";
    /** The settings key of the load generator's own warm-up before the first peer. */
    public static final String GENERATOR_WARMUP = "generator_warmup";
    /** The settings key of the echo scenarios' load generator (e.g. {@code c (/repo/bench/target/wsecho)}). */
    public static final String ECHO_GENERATOR = "echo_generator";
    /** The throw-away peer the load generator warms up against; it is never measured. */
    static final Peer GENERATOR_WARMUP_PEER = Peer.NETTY;

    private final List<Peer> peers;
    private final List<Scenario> scenarios;
    private final BenchSettings settings;
    private final PeerProcess.Launch launch;
    private final PrintStream log;

    /** A run of {@code scenarios} against {@code peers}; progress goes to {@code log}. */
    public WsBench(List<Peer> peers, List<Scenario> scenarios, BenchSettings settings, PeerProcess.Launch launch,
                   PrintStream log) {
        this.peers = List.copyOf(peers);
        this.scenarios = List.copyOf(scenarios);
        this.settings = settings;
        this.launch = launch;
        this.log = log;
    }

    /**
     * Every scenario of issue 8, in run order (the idle one last: it starts a fresh peer). The quick smoke test
     * broadcasts to a tenth of the subscribers.
     */
    public static List<Scenario> allScenarios(boolean quick) {
        int scale = quick ? 10 : 1;
        return List.of(
                new EchoScenario(100, 1, 32),
                new EchoScenario(100, 16, 32),
                new EchoScenario(10, 1, 64 * 1024),
                new BroadcastScenario(2_000 / scale),
                new BroadcastScenario(10_000 / scale),
                new IdleScenario(null));
    }

    /** Runs everything; never throws for a peer's failure (see {@link RunReport#problems()}). */
    public RunReport run(String command) throws InterruptedException {
        String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, String> machine = new LinkedHashMap<>(Machine.describe());
        machine.put("loadavg_start", Machine.loadAverage());
        Map<String, String> peerVersions = new LinkedHashMap<>();
        List<ScenarioResult> results = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        warmGenerator();
        for (Peer peer : peers) {
            PeerProcess shared = null;
            try {
                for (Scenario scenario : scenarios) {
                    PeerProcess target;
                    if (scenario.needsFreshPeer()) {
                        if (shared != null) {
                            shared.close();
                            shared = null;
                        }
                        target = start(peer, peerVersions);
                    } else {
                        if (shared == null || !shared.isAlive()) {
                            shared = start(peer, peerVersions);
                            warmUp(shared);
                        }
                        target = shared;
                    }
                    results.add(runOne(scenario, target, problems));
                    if (target != shared) {
                        target.close();
                    }
                }
            } catch (Exception e) {
                String problem = peer.id() + ": " + e.getMessage();
                problems.add(problem);
                log.println("  ! " + problem);
            } finally {
                if (shared != null) {
                    shared.close();
                }
            }
        }
        machine.put("loadavg_end", Machine.loadAverage());
        Map<String, String> settingsMap = new LinkedHashMap<>();
        settingsMap.put("warmup", settings.warmup().toString());
        settingsMap.put("measure", settings.measure().toString());
        settingsMap.put("client_threads", Integer.toString(settings.clientThreads()));
        settingsMap.put("idle_connections", Integer.toString(settings.idleConnections()));
        settingsMap.put("broadcast_deliveries_per_s", Integer.toString(settings.broadcastDeliveriesPerSecond()));
        settingsMap.put(BROADCAST_WINDOWS, settings.broadcastWindows() + " x " + settings.broadcastWindow());
        settingsMap.put(CLIENT_TRANSPORT, settings.clientTransport().describe());
        settingsMap.put(ECHO_GENERATOR, settings.echoGenerator().describe());
        settingsMap.put(GENERATOR_WARMUP, settings.generatorWarmup().isZero() ? "none"
                : settings.generatorWarmup() + " per scenario against " + GENERATOR_WARMUP_PEER.id());
        settingsMap.put("jvm_options", String.join(" ", launch.jvmOptions()));
        settingsMap.put("java", launch.javaBin());
        settingsMap.put(PEER_ORDER, String.join(",", peers.stream().map(Peer::id).toList()));
        return new RunReport(command, date, machine, peerVersions, settingsMap, results, problems);
    }

    private PeerProcess start(Peer peer, Map<String, String> versions) throws Exception {
        PeerProcess p = PeerProcess.start(peer, launch);
        versions.putIfAbsent(peer.id(), p.description());
        log.println("[" + peer.id() + "] started: " + p.description() + " (pid " + p.pid() + ", port " + p.port() + ")");
        return p;
    }

    /**
     * Warms the load generator (this JVM: its JIT, heap, pools and the kernel's socket caches) before the first
     * measured peer, by driving a throw-away raw Netty peer through every scenario that shares a peer, each for
     * {@link BenchSettings#generatorWarmup()}. Without it the first peer of a run met a colder generator than the
     * others (issue 16 saw Pushwire lower in runs where it went first). The same for every order of the peers.
     */
    private void warmGenerator() {
        if (settings.generatorWarmup().isZero()) {
            return;
        }
        List<Scenario> shared = scenarios.stream().filter(s -> !s.needsFreshPeer()).toList();
        if (shared.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        BenchSettings brief = settings.brief(settings.generatorWarmup(), java.time.Duration.ofMillis(200));
        try (PeerProcess p = PeerProcess.start(GENERATOR_WARMUP_PEER, launch)) {
            for (Scenario s : shared) {
                s.run(p, brief);
            }
            log.printf("generator warm-up: %s against %s, %.1f s (not measured)%n",
                    shared.stream().map(Scenario::name).toList(), GENERATOR_WARMUP_PEER.id(),
                    (System.nanoTime() - start) / 1e9);
        } catch (Exception e) {
            log.println("generator warm-up failed (the run goes on): " + e);
        }
    }

    /**
     * Runs a throw-away echo load against a freshly started peer, so that the first measured scenario does not pay
     * for the JIT compiling the peer's hot paths (which takes long on a busy machine).
     */
    private void warmUp(PeerProcess peer) {
        BenchSettings brief = settings.brief(settings.warmup(), java.time.Duration.ofMillis(500));
        try {
            ScenarioResult r = new EchoScenario(100, 16, 32).run(peer, brief);
            log.println("[" + peer.peer().id() + "] warm-up echo: " + r.metric(Metric.RATE) + " msgs/s");
        } catch (Exception e) {
            log.println("[" + peer.peer().id() + "] warm-up failed: " + e);
        }
    }

    private ScenarioResult runOne(Scenario scenario, PeerProcess peer, List<String> problems) {
        String load = Machine.loadAverage();
        log.print("[" + peer.peer().id() + "] " + scenario.name() + " ... ");
        log.flush();
        ScenarioResult r;
        try {
            r = scenario.run(peer, settings);
        } catch (Exception e) {
            String problem = peer.peer().id() + " " + scenario.name() + " failed: " + e;
            problems.add(problem);
            r = new ScenarioResult(peer.peer().id(), scenario.name(), Map.of(Metric.ERRORS, 1.0), List.of(problem));
        }
        if (!peer.isAlive()) {
            String problem = peer.peer().id() + " died during " + scenario.name() + ": " + peer.logTail();
            problems.add(problem);
            List<String> notes = new ArrayList<>(r.notes());
            notes.add("the peer process died");
            r = new ScenarioResult(r.peer(), r.scenario(), r.metrics(), notes);
        }
        List<String> notes = new ArrayList<>(r.notes());
        notes.add("load average before: " + load);
        r = new ScenarioResult(r.peer(), r.scenario(), r.metrics(), notes);
        log.println(r.metrics());
        return r;
    }
}
