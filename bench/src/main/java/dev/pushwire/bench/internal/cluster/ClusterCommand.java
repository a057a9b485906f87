package dev.pushwire.bench.internal.cluster;

import dev.pushwire.bench.internal.Durations;
import dev.pushwire.bench.internal.PeerProjects;
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

/**
 * {@code cluster}: Pushwire on three nodes and Redis against Socket.IO with its Redis adapters on three Node
 * processes, the same WebSocket fan-out workload, side by side in one run (docs/BENCHMARKS.md).
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Compare clusters: three Pushwire nodes on Redis vs Socket.IO on its Redis adapters.")
public final class ClusterCommand implements Callable<Integer> {
    @Option(names = "--systems", split = ",",
            description = "Systems (default: all): pushwire, socketio-redis, socketio-streams.")
    List<String> systems;

    @Option(names = "--quick", description = "Smoke run (about a minute): 300 subscribers, rates 20,50, 2 s windows.")
    boolean quick;

    @Option(names = "--subscribers", description = "WebSocket subscribers over all nodes (default 2400: 800 a node, under a node's default limit of 1,000 connections per client address).")
    Integer subscribers;

    @Option(names = "--channels", description = "Channels (Socket.IO rooms) they spread over (default 10).")
    Integer channels;

    @Option(names = "--publishers", description = "Publisher connections, spread over the nodes (default 9: three a node, each under a"
            + " Pushwire node's default 100 hub publishes a second at 800 publications/s in all).")
    Integer publishers;

    @Option(names = "--rates", split = ",",
            description = "Publications per second in all, one measured step each (default 50,100,200,400,800).")
    List<Double> rates;

    @Option(names = "--nodes", defaultValue = "3", description = "Nodes per cluster (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--warmup", description = "Unrecorded first step at the first rate (default 5s; 1s with --quick).")
    String warmup;

    @Option(names = "--window", description = "Publishing time per step (default 8s; 2s with --quick).")
    String window;

    @Option(names = "--drain", defaultValue = "10s", description = "Longest wait for the last deliveries (default ${DEFAULT-VALUE}).")
    String drain;

    @Option(names = "--client-threads", defaultValue = "2", description = "Load generator event loops (default ${DEFAULT-VALUE}).")
    int clientThreads;

    @Option(names = "--max-generator-loop-cpu", defaultValue = "90",
            description = "Refuse a step where a generator event loop was busier than this, %% of a core (default ${DEFAULT-VALUE}).")
    double maxLoopCpu;

    @Option(names = "--runs", defaultValue = "1", description = "Whole runs, one result file each (default 1).")
    int runs;

    @Option(names = "--jvm-opts", defaultValue = "-Xms256m -Xmx1g -XX:+UseG1GC",
            description = "JVM flags of every Pushwire node (default: ${DEFAULT-VALUE}).")
    String jvmOpts;

    @Option(names = "--pushwire-jar", defaultValue = "app/target/pushwire.jar",
            description = "The Pushwire fat jar the nodes run (default: ${DEFAULT-VALUE}; bench/run cluster builds it).")
    Path pushwireJar;

    @Option(names = "--socketio-dir", description = "The Socket.IO cluster peer's npm project (default: bench/peers/socketio-cluster).")
    Path socketIoDir;

    @Option(names = "--redis-server", defaultValue = "redis-server", description = "The redis-server program (default: ${DEFAULT-VALUE}).")
    String redisServer;

    @Option(names = "--out", defaultValue = "bench/results", description = "Where result JSON goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--report", split = ",", description = "Render these result files (no run): markdown with medians.")
    List<Path> report;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<ClusterResults> results = new ArrayList<>();
        boolean ok = true;
        if (report != null) {
            for (Path f : report) {
                results.add(ClusterResults.read(f));
            }
        } else {
            ClusterBench.Settings settings = settings();
            if (settings.systems().stream().anyMatch(ClusterSystem::socketIo)) {
                npmCi(settings.launch().socketIoDir());
            }
            if (settings.systems().contains(ClusterSystem.PUSHWIRE) && !Files.isRegularFile(settings.launch().pushwireJar())) {
                System.err.println("no " + settings.launch().pushwireJar() + ": build it with ./mvnw -DskipTests -pl app -am"
                        + " package (bench/run cluster does), or pass --pushwire-jar");
                return 2;
            }
            String command = "pushwire-bench " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
            for (int i = 0; i < runs; i++) {
                System.out.println("== run " + (i + 1) + " of " + runs);
                ClusterResults r = new ClusterBench(settings, System.out).run(command.trim());
                System.out.println("results: " + r.write(out));
                r.problems().forEach(p -> System.out.println("problem: " + p));
                ok &= r.problems().isEmpty();
                results.add(r);
            }
        }
        System.out.println();
        System.out.println(ClusterTable.render(results));
        return ok ? 0 : 1;
    }

    ClusterBench.Settings settings() {
        List<ClusterSystem> chosen = (systems == null ? ClusterSystem.ids() : systems).stream()
                .map(ClusterSystem::of).toList();
        String java = ProcessHandle.current().info().command().orElse("java");
        ClusterNodes.Launch launch = new ClusterNodes.Launch(java,
                Arrays.stream(jvmOpts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList(),
                pushwireJar.toAbsolutePath(), socketIoDir != null ? socketIoDir.toAbsolutePath()
                        : PeerProjects.find("socketio-cluster", "node.js"),
                redisServer);
        return new ClusterBench.Settings(chosen, nodes,
                subscribers != null ? subscribers : quick ? 300 : 2400,
                channels != null ? channels : 10,
                publishers != null ? publishers : 3 * nodes,
                rates != null ? rates : quick ? List.of(20.0, 50.0) : List.of(50.0, 100.0, 200.0, 400.0, 800.0),
                parse(warmup, quick ? "1s" : "5s"), parse(window, quick ? "2s" : "8s"), parse(drain, "10s"),
                clientThreads, maxLoopCpu, launch);
    }

    private static Duration parse(String value, String dflt) {
        return Durations.parse(value == null ? dflt : value);
    }

    /** Installs the Socket.IO cluster peer's locked dependencies ({@code npm ci}) when they are missing. */
    static void npmCi(Path dir) throws Exception {
        PeerProjects.npmCi(dir, "@socket.io/redis-streams-adapter", "@socket.io/redis-adapter");
    }
}
