package dev.pushwire.bench;

import dev.pushwire.bench.internal.PeerOrder;
import dev.pushwire.bench.internal.WsBench;
import dev.pushwire.bench.internal.peer.Peer;
import dev.pushwire.bench.internal.peer.PeerMain;
import dev.pushwire.bench.internal.peer.PeerProcess;
import dev.pushwire.bench.internal.report.MarkdownReport;
import dev.pushwire.bench.internal.report.ResultsFile;
import dev.pushwire.bench.internal.report.RunReport;
import dev.pushwire.bench.internal.scenario.BenchSettings;
import dev.pushwire.bench.internal.scenario.IdleScenario;
import dev.pushwire.bench.internal.scenario.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The benchmark command ({@code java -jar bench/target/pushwire-bench.jar}, later {@code ./pushwire bench}):
 * {@code ws} runs the WebSocket peer comparison, {@code report} prints result files as markdown, {@code jmh} runs
 * the micro-benchmarks, {@code peer} serves one peer (used by {@code ws} for its child processes), {@code transports}
 * compares push transports, {@code cluster} compares three-node clusters on Redis.
 */
@Command(name = "pushwire-bench", mixinStandardHelpOptions = true,
        subcommands = {BenchMain.Ws.class, BenchMain.Report.class, BenchMain.Jmh.class, BenchMain.PeerCommand.class,
            dev.pushwire.bench.internal.transports.TransportsCommand.class,
            dev.pushwire.bench.internal.cluster.ClusterCommand.class},
        description = "Pushwire's benchmarks.")
public final class BenchMain implements Runnable {
    /** Runs the command line; exits with its status. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            // JMH parses its own options (-f, -wi, ...): hand them over untouched.
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** {@code ws}: every peer, every scenario, in one run. */
    @Command(name = "ws", mixinStandardHelpOptions = true,
            description = "Compare WebSocket servers side by side: echo, broadcast, idle connections.")
    static final class Ws implements Callable<Integer> {
        @Option(names = "--peers", split = ",", description = "Peers to run (default: all): pushwire, netty, vertx, jetty, node.")
        List<String> peers;

        @Option(names = "--scenarios", split = ",", description = "Scenario names to run (default: all), e.g. echo-32B-100c-1f,idle.")
        List<String> scenarios;

        @Option(names = "--quick", description = "Smoke test (about a minute on an idle machine): 0.3 s warm-up, 0.7 s measured, broadcast to 200 and 1,000, 1,000 idle connections.")
        boolean quick;

        @Option(names = "--warmup", description = "Warm-up per scenario, e.g. 5s (default 3s; 0.3s with --quick).")
        String warmup;

        @Option(names = "--measure", description = "Measured window of each echo scenario and the idle hold, e.g. 10s (default 8s; 0.7s with --quick); broadcasts use --broadcast-window.")
        String measure;

        @Option(names = "--idle", description = "Idle connections (default 19000; 1000 with --quick); capped by ulimit -n.")
        Integer idle;

        @Option(names = "--client-threads", description = "Load generator event loops (default 2).")
        Integer clientThreads;

        @Option(names = "--client-transport", defaultValue = "auto",
                description = "Load generator transport, the same for every peer: auto (the default: io_uring for the"
                        + " echoes where the kernel has it, epoll for broadcast and idle), io_uring or epoll.")
        String clientTransport;

        @Option(names = "--generator", defaultValue = "auto",
                description = "Load generator of the echo scenarios: auto (the default: the C program"
                        + " bench/src/main/c/wsecho.c when it is built or a C compiler can build it, else java), c or"
                        + " java (Netty, in this process). Broadcast and idle always use the Java one.")
        String generator;

        @Option(names = "--broadcast-windows",
                description = "Measured windows per broadcast scenario; its latencies are the windows' median (default 3).")
        Integer broadcastWindows;

        @Option(names = "--broadcast-window",
                description = "Length of each broadcast window, e.g. 5s (default 5s; 0.3s with --quick).")
        String broadcastWindow;

        @Option(names = "--generator-warmup",
                description = "Before the first peer, the load generator drives a throw-away raw Netty peer through"
                        + " every scenario for this long each, so every peer meets a warm generator (default 2s; 0.2s"
                        + " with --quick; 0 for none).")
        String generatorWarmup;

        @Option(names = "--runs", defaultValue = "1", description = "Whole runs, one result file each (default 1).")
        int runs;

        @Option(names = "--order", defaultValue = "alternate",
                description = "Peer order across runs: alternate (odd runs as --peers lists them, even runs reversed;"
                        + " the default) or given (the same order every run). Each run records its order.")
        String order;

        @Option(names = "--jvm-opts",
                description = "JVM flags of every Java peer (default: the flags ./pushwire serve runs with, from "
                        + "app/jvm.options).")
        String jvmOpts;

        @Option(names = "--out", defaultValue = "bench/results", description = "Where result JSON goes (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--node-dir", description = "The Node ws peer's npm project (default: bench/peers/node).")
        Path nodeDir;

        @Override
        public Integer call() throws Exception {
            BenchSettings base = quick ? BenchSettings.quick() : BenchSettings.full();
            BenchSettings settings = new BenchSettings(
                    warmup == null ? base.warmup() : parseDuration(warmup),
                    measure == null ? base.measure() : parseDuration(measure),
                    clientThreads == null ? base.clientThreads() : clientThreads,
                    idle == null ? base.idleConnections() : idle,
                    base.connectConcurrency(), base.broadcastDeliveriesPerSecond(), base.settle(),
                    broadcastWindows == null ? base.broadcastWindows() : broadcastWindows,
                    broadcastWindow == null ? base.broadcastWindow() : parseDuration(broadcastWindow),
                    dev.pushwire.bench.internal.load.ClientTransport.parse(clientTransport),
                    generatorWarmup == null ? base.generatorWarmup() : parseDuration(generatorWarmup),
                    dev.pushwire.bench.internal.load.EchoGenerator.parse(generator));
            String fallback = settings.echoGenerator().isC() || !generator.equals("auto") ? ""
                    : " (the C one is missing: " + dev.pushwire.bench.internal.load.NativeEcho.whyMissing() + ")";
            System.out.println("echo generator: " + settings.echoGenerator().describe() + fallback);
            List<Peer> chosen = new ArrayList<>();
            for (String id : peers == null ? List.of("pushwire", "netty", "vertx", "jetty", "node") : peers) {
                Peer p = Peer.of(id);
                if ((p == Peer.PUSHWIRE || p == Peer.PUSHWIRE_EPOLL) && !pushwireServerPresent()) {
                    System.out.println("skipping pushwire: dev.pushwire.server.PushwireServer is not on the class path yet");
                    continue;
                }
                chosen.add(p);
            }
            List<Scenario> all = WsBench.allScenarios(quick);
            List<Scenario> run = new ArrayList<>();
            for (Scenario s : all) {
                if (scenarios == null || scenarios.contains(s.name())) {
                    run.add(s instanceof IdleScenario ? new IdleScenario(settings.idleConnections()) : s);
                }
            }
            if (run.isEmpty()) {
                System.err.println("no scenario matches " + scenarios + "; known: "
                        + all.stream().map(Scenario::name).toList());
                return 2;
            }
            PeerProcess.Launch launch = PeerProcess.Launch.fromThisJvm(jvmOpts == null
                    ? dev.pushwire.bench.internal.peer.LauncherJvmOptions.load()
                    : Arrays.stream(jvmOpts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList(), nodeDir());
            String command = "pushwire-bench " + String.join(" ", rawArgs());
            PeerOrder peerOrder = PeerOrder.parse(order);
            List<RunReport> reports = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                List<Peer> ordered = peerOrder.forRun(chosen, i + 1);
                System.out.println("== run " + (i + 1) + " of " + runs + ", peers in this order: "
                        + ordered.stream().map(Peer::id).toList());
                RunReport report = new WsBench(ordered, run, settings, launch, System.out).run(command.trim());
                Path file = ResultsFile.write(out, report);
                System.out.println("results: " + file);
                report.problems().forEach(p -> System.out.println("problem: " + p));
                reports.add(report);
            }
            System.out.println();
            System.out.println(MarkdownReport.render(reports));
            return reports.stream().allMatch(r -> r.problems().isEmpty()) ? 0 : 1;
        }

        @picocli.CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        private List<String> rawArgs() {
            return spec.commandLine().getParseResult().originalArgs();
        }

        private Path nodeDir() {
            if (nodeDir != null) {
                return nodeDir.toAbsolutePath();
            }
            for (String candidate : List.of("bench/peers/node", "peers/node", "../bench/peers/node")) {
                Path p = Path.of(candidate);
                if (Files.isRegularFile(p.resolve("server.js"))) {
                    return p.toAbsolutePath();
                }
            }
            return Path.of("bench/peers/node").toAbsolutePath();
        }
    }

    /** {@code report}: markdown tables (medians) from result files. */
    @Command(name = "report", mixinStandardHelpOptions = true, description = "Print result files as markdown tables with medians.")
    static final class Report implements Callable<Integer> {
        @Parameters(arity = "1..*", description = "Result JSON files (runs of the same scenarios).")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            List<RunReport> runs = new ArrayList<>();
            for (Path f : files) {
                runs.add(ResultsFile.read(f));
            }
            System.out.println(MarkdownReport.render(runs));
            return 0;
        }
    }

    /** {@code jmh}: the micro-benchmarks, with JMH's own options. */
    @Command(name = "jmh", description = "Run the JMH micro-benchmarks; arguments go to JMH (e.g. -f 1 -wi 2 -i 3 Utf8).")
    static final class Jmh implements Callable<Integer> {
        @Parameters(arity = "0..*")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            org.openjdk.jmh.Main.main(args.toArray(String[]::new));
            return 0;
        }
    }

    /** {@code peer}: serve one Java peer (what {@code ws} starts in its child processes). */
    @Command(name = "peer", hidden = true, description = "Serve one Java peer: netty, vertx, jetty or pushwire.")
    static final class PeerCommand implements Callable<Integer> {
        @Parameters(index = "0")
        String kind;

        @Parameters(index = "1")
        int port;

        @Override
        public Integer call() throws Exception {
            PeerMain.main(new String[] {kind, Integer.toString(port)});
            return 0;
        }
    }

    static boolean pushwireServerPresent() {
        try {
            Class.forName("dev.pushwire.server.PushwireServer", false, BenchMain.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Parses "500ms", "5s", "2m" or an ISO-8601 duration. */
    static Duration parseDuration(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        if (t.endsWith("m")) {
            return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
        }
        return Duration.parse(s);
    }
}
