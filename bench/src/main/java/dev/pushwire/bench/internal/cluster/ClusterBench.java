package dev.pushwire.bench.internal.cluster;

import dev.pushwire.bench.internal.ChildProcess;
import dev.pushwire.bench.internal.ProcStats;
import dev.pushwire.bench.internal.report.Machine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster benchmark: for each system, a fresh Redis and three nodes ({@link ClusterNodes}), the same
 * {@link ClusterLoad} against them, one unrecorded warm-up step and then one measured step per publish rate; CPU of
 * Redis, of each node, of this process (the load generator) and of the machine from /proc. A step where a
 * load-generator event loop was busier than {@code maxLoopCpuPct} is refused: the generator, not the cluster, may
 * have been the limit. Harness thread only.
 */
final class ClusterBench {
    /** What to run. */
    record Settings(List<ClusterSystem> systems, int nodes, int subscribers, int channels, int publishers,
                    List<Double> rates, Duration warmup, Duration window, Duration drain, int clientThreads,
                    double maxLoopCpuPct, ClusterNodes.Launch launch) {
    }

    private final Settings settings;
    private final PrintStream log;

    ClusterBench(Settings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    ClusterResults run(String command) {
        String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String loadStart = Machine.loadAverage();
        Map<String, String> versions = versions();
        List<ClusterResults.Step> steps = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ClusterSystem system : settings.systems()) {
            try {
                steps.addAll(runSystem(system, problems));
            } catch (Exception e) {
                String p = system.id() + " failed: " + e.getMessage();
                problems.add(p);
                log.println("problem: " + p);
            }
        }
        Map<String, String> s = new LinkedHashMap<>();
        s.put("nodes", Integer.toString(settings.nodes()));
        s.put("subscribers", Integer.toString(settings.subscribers()));
        s.put("channels", Integer.toString(settings.channels()));
        s.put("publishers", Integer.toString(settings.publishers()));
        s.put("rates", settings.rates().toString());
        s.put("warmup", settings.warmup().toString());
        s.put("window", settings.window().toString());
        s.put("drain", settings.drain().toString());
        s.put("client_threads", Integer.toString(settings.clientThreads()));
        s.put("max_generator_loop_cpu_pct", Double.toString(settings.maxLoopCpuPct()));
        s.put("pushwire_jvm_options", String.join(" ", settings.launch().jvmOptions()));
        return new ClusterResults(command, date, Machine.describe(), loadStart, Machine.loadAverage(), s, versions,
                steps, problems);
    }

    private List<ClusterResults.Step> runSystem(ClusterSystem system, List<String> problems) throws Exception {
        List<ClusterResults.Step> steps = new ArrayList<>();
        try (ClusterNodes cluster = ClusterNodes.start(system, settings.nodes(), settings.launch());
             ClusterLoad load = new ClusterLoad(system.dialect(), cluster.ports(), settings.channels(),
                     settings.clientThreads())) {
            log.println("[" + system.id() + "] redis pid " + cluster.redis().pid() + " port " + cluster.redisPort()
                    + ", nodes " + cluster.nodePids() + " on ports " + cluster.ports());
            long t0 = System.nanoTime();
            load.open(settings.subscribers(), settings.publishers(), Duration.ofSeconds(180));
            log.printf("[%s] %d subscribers and %d publishers ready in %.1f s%s%n", system.id(), settings.subscribers(),
                    settings.publishers(), (System.nanoTime() - t0) / 1e9, load.subscribeRetries() == 0 ? ""
                            : " (" + load.subscribeRetries() + " subscribes answered 'internal, try again' and retried)");
            if (load.subscribeRetries() > 0) {
                problems.add(system.id() + ": " + load.subscribeRetries() + " subscribes were answered 'internal' and"
                        + " retried while connecting");
            }
            if (!settings.warmup().isZero()) {
                ClusterLoad.Counts w = load.step(settings.rates().get(0), settings.warmup(), settings.drain());
                log.printf("[%s] warm-up: %.0f deliveries/s, p99 %.1f ms%n", system.id(), w.deliveriesPerSecond(),
                        w.latency().getValueAtPercentile(99) / 1000.0);
            }
            for (double rate : settings.rates()) {
                ClusterResults.Step step = measure(system, cluster, load, rate);
                steps.add(step);
                log.printf("[%s] %6.0f pub/s: offered %8.0f/s, delivered %8.0f/s, p50 %7.1f ms, p99 %7.1f ms, lost %d,"
                                + " dup %d, redis %5.1f%%, nodes %5.1f%%, generator %5.1f%% (busiest loop %4.1f%%), "
                                + "machine %5.1f%%%s%n", system.id(), rate, step.offeredPerS(), step.deliveriesPerS(),
                        step.p50Ms(), step.p99Ms(), step.lost(), step.duplicated(), step.redisCpuPct(),
                        step.nodesCpuPct(), step.generatorCpuPct(), step.generatorLoopMaxPct(), step.machineCpuPct(),
                        step.refused() == null ? "" : "  REFUSED: " + step.refused());
                if (!cluster.allAlive()) {
                    problems.add(system.id() + ": a process died during the step at " + rate + " pub/s");
                    break;
                }
                if (step.lost() > 0 && step.refused() == null) {
                    log.println("[" + system.id() + "] deliveries were still missing after the drain: the higher rates"
                            + " are skipped (they could only fall further behind)");
                    break;
                }
            }
            load.problems().stream().limit(5).forEach(p -> problems.add(system.id() + ": " + p));
        }
        return steps;
    }

    private ClusterResults.Step measure(ClusterSystem system, ClusterNodes cluster, ClusterLoad load, double rate)
            throws Exception {
        String loadAverage = Machine.loadAverage();
        List<ChildProcess> nodes = cluster.nodes();
        long redis0 = cluster.redis().cpuNanos();
        long[] nodes0 = nodes.stream().mapToLong(ChildProcess::cpuNanos).toArray();
        long self0 = ProcStats.cpuNanos(ProcStats.self());
        long[] machine0 = machineTicks();
        long t0 = System.nanoTime();
        ClusterLoad.Counts c = load.step(rate, settings.window(), settings.drain());
        long nanos = System.nanoTime() - t0;
        long[] machine1 = machineTicks();
        double redisCpu = ProcStats.percentOfCore(cluster.redis().cpuNanos() - redis0, nanos);
        List<Double> nodeCpu = new ArrayList<>();
        double nodesCpu = 0;
        for (int i = 0; i < nodes.size(); i++) {
            double v = ProcStats.percentOfCore(nodes.get(i).cpuNanos() - nodes0[i], nanos);
            nodeCpu.add(round1(v));
            nodesCpu += v;
        }
        double selfCpu = ProcStats.percentOfCore(ProcStats.cpuNanos(ProcStats.self()) - self0, nanos);
        double machineCpu = machine1[1] == machine0[1] ? 0
                : 100.0 * Runtime.getRuntime().availableProcessors() * (machine1[0] - machine0[0])
                / (machine1[1] - machine0[1]);
        String refused = c.loopMaxCpuPct() > settings.maxLoopCpuPct()
                ? String.format("a load-generator event loop was %.0f%% busy (limit %.0f%%): the generator may have"
                        + " been the bottleneck", c.loopMaxCpuPct(), settings.maxLoopCpuPct())
                : c.closed() > 0 ? c.closed() + " connections closed during the step" : null;
        long lost = c.expected() - c.delivered();
        double offered = c.expected() / (settings.window().toNanos() / 1e9);
        boolean sustained = refused == null && lost == 0 && c.duplicated() == 0 && c.misrouted() == 0
                && c.deliveriesPerSecond() >= 0.95 * offered;
        return new ClusterResults.Step(system.id(), rate, round1(offered), round1(c.deliveriesPerSecond()),
                ms(c.latency().getValueAtPercentile(50)), ms(c.latency().getValueAtPercentile(99)),
                ms(c.latency().getMaxValue()), c.expected(), c.delivered(), lost, c.duplicated(), c.misrouted(),
                c.publishErrors(), round1(redisCpu), round1(nodesCpu), nodeCpu, round1(selfCpu),
                round1(c.loopMaxCpuPct()), round1(machineCpu), round1(c.seconds()), loadAverage, refused, sustained);
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** Busy and total jiffies of the whole machine (the {@code cpu} line of /proc/stat). */
    private static long[] machineTicks() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new long[] {total - idle, total};
    }

    private Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("redis", ClusterNodes.redisVersion(settings.launch().redisServer()));
        for (ClusterSystem s : settings.systems()) {
            if (s.socketIo()) {
                Path dir = settings.launch().socketIoDir();
                v.put(s.id(), "Node " + ChildProcess.outputOf("node", "--version") + ", socket.io "
                        + npmVersion(dir, "socket.io") + ", " + (s == ClusterSystem.SOCKETIO_REDIS
                        ? "@socket.io/redis-adapter " + npmVersion(dir, "@socket.io/redis-adapter")
                        : "@socket.io/redis-streams-adapter " + npmVersion(dir, "@socket.io/redis-streams-adapter"))
                        + ", redis (node-redis) " + npmVersion(dir, "redis"));
            } else {
                v.put(s.id(), settings.launch().pushwireJar() + " (" + System.getProperty("java.runtime.version") + ")");
            }
        }
        return v;
    }

    private static String npmVersion(Path dir, String pkg) {
        try {
            String json = Files.readString(dir.resolve("node_modules").resolve(pkg).resolve("package.json"));
            var m = java.util.regex.Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
            return m.find() ? m.group(1) : "?";
        } catch (IOException e) {
            return "?";
        }
    }
}
