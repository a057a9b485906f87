package dev.pushwire.bench.internal.transports;

import dev.pushwire.bench.internal.Durations;
import dev.pushwire.bench.internal.PeerProjects;
import dev.pushwire.bench.internal.peer.LauncherJvmOptions;
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

/** {@code transports}: Pushwire's four transports beside Node's ws, SSE, long poll and Socket.IO (docs/TRANSPORTS.md). */
@Command(name = "transports", mixinStandardHelpOptions = true,
        description = "Compare push transports with Node load clients: latency, server CPU and RSS, bytes and requests per message.")
public final class TransportsCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "Smoke run (about 2 minutes): 20 clients x 50 msg/s, 3 s windows, no hub.")
    boolean quick;

    @Option(names = {"--systems", "--transports"}, split = ",", description = "Systems (default: all): ${COMPLETION-CANDIDATES}")
    List<String> systems;

    @Option(names = "--cells", split = ",", description = "Loads as CLIENTSxRATE (default 100x100,1000x10; 20x50 with --quick).")
    List<String> cells;

    @Option(names = "--hub-cells", split = ",", description = "Loads of the hub scenario, run for pushwire-hub and pushwire-websocket (default 10000x5).")
    List<String> hubCells;

    @Option(names = "--window", description = "Publishing time per cell, e.g. 20s (default 12s; 3s with --quick).")
    String window;

    @Option(names = "--warm-up", description = "Unrecorded publishing before each cell (default 30s: a fresh JVM server compiles its hot paths, the first acknowledgement POSTs' included, for its first 20-30 s; 1s with --quick).")
    String warmUp;

    @Option(names = "--drain", description = "Longest wait for late messages after a window (default 5s).")
    String drain;

    @Option(names = "--runs", defaultValue = "1", description = "Whole runs, one result file each (default 1).")
    int runs;

    @Option(names = "--server-jvm-opts", description = "JVM flags of the Pushwire server process (default: the flags ./pushwire serve runs with, from app/jvm.options).")
    String serverJvmOpts;

    @Option(names = "--pushwire-jar", defaultValue = "app/target/pushwire.jar",
            description = "The demo server's fat jar (default: ${DEFAULT-VALUE}; build it with ./mvnw -q -DskipTests -pl app -am package).")
    Path pushwireJar;

    @Option(names = "--client-processes", defaultValue = "0", description = "Node client processes per cell (default 0: by load, see docs/TRANSPORTS.md).")
    int clientProcesses;

    @Option(names = "--max-client-processes", defaultValue = "4", description = "At most this many Node client processes per cell (default ${DEFAULT-VALUE}).")
    int maxClientProcesses;

    @Option(names = "--deliveries-per-client-process", defaultValue = "8000", description = "Weighted deliveries a second one Node client process is given (default ${DEFAULT-VALUE}).")
    int deliveriesPerClientProcess;

    @Option(names = "--max-client-cpu", defaultValue = "85", description = "A client process (or the relay) above this % of a core refuses the cell (default ${DEFAULT-VALUE}).")
    double maxClientCpu;

    @Option(names = "--out", defaultValue = "bench/results", description = "Where result JSON goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--report", split = ",", description = "Render these result files (no run): markdown medians, and the chart with --svg.")
    List<Path> report;

    @Option(names = "--svg", split = ",", description = "Write the chart (SVG) to these files, e.g. docs/img/transports.svg.")
    List<Path> svg;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<TransportResults> results = new ArrayList<>();
        boolean ok = true;
        if (report != null) {
            for (Path f : report) {
                results.add(TransportResults.read(f));
            }
        } else {
            TransportBench.Settings settings = settings();
            PeerProjects.npmCi(settings.peersDir(), "ws", "socket.io", "socket.io-client");
            if (settings.systems().contains(TransportSystem.NODE_WS.id())) {
                PeerProjects.npmCi(settings.nodeWsDir(), "ws");
            }
            if (settings.pushwireJar() != null && !Files.isRegularFile(settings.pushwireJar())) {
                System.err.println("no " + settings.pushwireJar() + ": build it with ./mvnw -q -B -DskipTests -pl app -am package");
                return 2;
            }
            String command = "pushwire-bench " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
            for (int i = 0; i < runs; i++) {
                System.out.println("== run " + (i + 1) + " of " + runs);
                TransportResults r = new TransportBench(settings, System.out).run(command.trim());
                System.out.println("results: " + r.write(out));
                r.problems().forEach(p -> System.out.println("problem: " + p));
                ok &= r.problems().isEmpty();
                results.add(r);
            }
        }
        System.out.println();
        System.out.println(TransportsTable.render(results));
        if (svg != null) {
            String chart = TransportsChart.render(results);
            for (Path p : svg) {
                if (p.getParent() != null) {
                    Files.createDirectories(p.getParent());
                }
                Files.writeString(p, chart);
                System.out.println("chart: " + p);
            }
        }
        return ok ? 0 : 1;
    }

    /** The settings these options ask for. */
    public TransportBench.Settings settings() {
        List<String> chosen = systems != null ? systems : quick
                ? TransportSystem.ids().stream().filter(id -> !id.equals(TransportSystem.PUSHWIRE_HUB.id())).toList()
                : TransportSystem.ids();
        chosen.forEach(TransportSystem::of);
        return new TransportBench.Settings(chosen,
                (cells != null ? cells : quick ? List.of("20x50") : List.of("100x100", "1000x10")).stream()
                        .map(TransportBench.Load::parse).toList(),
                (hubCells != null ? hubCells : List.of("10000x5")).stream().map(TransportBench.Load::parse).toList(),
                window != null ? Durations.parse(window) : quick ? Duration.ofSeconds(3) : Duration.ofSeconds(12),
                warmUp != null ? Durations.parse(warmUp) : quick ? Duration.ofSeconds(1) : Duration.ofSeconds(30),
                drain != null ? Durations.parse(drain) : Duration.ofSeconds(5),
                serverJvmOpts == null ? LauncherJvmOptions.load()
                        : Arrays.stream(serverJvmOpts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList(),
                pushwireJar.toAbsolutePath(), PeerProjects.find("transports", "clients.js"),
                PeerProjects.find("node", "server.js"),
                clientProcesses, maxClientProcesses, deliveriesPerClientProcess, maxClientCpu, List.of());
    }
}
