package dev.pushwire.bench.internal.transports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code transports}: polling, long polling, SSE, WebSocket and Socket.IO side by side (docs/TRANSPORTS.md). */
@Command(name = "transports", mixinStandardHelpOptions = true,
        description = "Compare push transports: latency, bytes and HTTP requests per message, server CPU and memory.")
public final class TransportsCommand implements Callable<Integer> {
    static final List<String> ALL = Arrays.stream(Transport.values()).map(Transport::id).toList();

    @Option(names = "--quick", description = "Smoke run (under a minute): 10 clients, 10 and 100 msg/s, 2 s windows.")
    boolean quick;

    @Option(names = "--transports", split = ",", description = "Transports (default: all): ${COMPLETION-CANDIDATES}")
    List<String> transports;

    @Option(names = "--clients", split = ",", description = "Client counts (default 1,100,1000; 10 with --quick).")
    List<Integer> clients;

    @Option(names = "--rates", split = ",", description = "Messages per second (default 1,10,100; 10,100 with --quick).")
    List<Integer> rates;

    @Option(names = "--window", description = "Publishing time per rate, e.g. 5s (default 5s; 2s with --quick).")
    String window;

    @Option(names = "--min-messages", description = "At least this many messages per window (default 5).")
    Integer minMessages;

    @Option(names = "--drain", description = "Longest wait for late messages after a window, plus the poll interval (default 5s; 2s with --quick).")
    String drain;

    @Option(names = "--runs", defaultValue = "1", description = "Whole runs, one result file each (default 1).")
    int runs;

    @Option(names = "--server-jvm-opts", defaultValue = "-Xmx1g -XX:+UseG1GC", description = "JVM flags of the Pushwire server process (default: ${DEFAULT-VALUE}).")
    String serverJvmOpts;

    @Option(names = "--out", defaultValue = "bench/results", description = "Where result JSON goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--report", split = ",", description = "Render these result files (no run): markdown medians, and the chart with --svg.")
    List<Path> report;

    @Option(names = "--svg", split = ",", description = "Write the chart (SVG) to these files, e.g. docs/img/transports.svg.")
    List<Path> svg;

    @Option(names = "--chart-clients", defaultValue = "100", description = "Client count the chart shows (default 100).")
    int chartClients;

    @Option(names = "--socketio-dir", description = "The Socket.IO peer's npm project (default: bench/peers/socketio).")
    Path socketIoDir;

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
            if (settings.transports().stream().anyMatch(t -> Transport.of(t).socketIo())) {
                npmCi(settings.socketIoDir());
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
            String chart = TransportsChart.render(results, chartClients);
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
        return new TransportBench.Settings(
                transports == null ? ALL : transports,
                clients != null ? clients : quick ? List.of(10) : List.of(1, 100, 1000),
                rates != null ? rates : quick ? List.of(10, 100) : List.of(1, 10, 100),
                window != null ? parseDuration(window) : quick ? Duration.ofSeconds(2) : Duration.ofSeconds(5),
                minMessages != null ? minMessages : 5,
                drain != null ? parseDuration(drain) : quick ? Duration.ofSeconds(2) : Duration.ofSeconds(5),
                true,
                Arrays.stream(serverJvmOpts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList(),
                socketIoDir != null ? socketIoDir.toAbsolutePath() : findSocketIoDir());
    }

    private static Path findSocketIoDir() {
        for (String candidate : List.of("bench/peers/socketio", "peers/socketio", "../bench/peers/socketio")) {
            Path p = Path.of(candidate);
            if (Files.isRegularFile(p.resolve("peer.js"))) {
                return p.toAbsolutePath();
            }
        }
        return Path.of("bench/peers/socketio").toAbsolutePath();
    }

    /** Installs the Socket.IO peer's locked dependencies when they are missing. */
    static void npmCi(Path dir) throws Exception {
        if (Files.isDirectory(dir.resolve("node_modules/socket.io")) && Files.isDirectory(dir.resolve("node_modules/socket.io-client"))) {
            return;
        }
        Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile()).inheritIO().start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("npm ci failed in " + dir);
        }
    }

    static Duration parseDuration(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        return Duration.parse(s);
    }
}
