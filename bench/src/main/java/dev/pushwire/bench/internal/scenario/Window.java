package dev.pushwire.bench.internal.scenario;

import dev.pushwire.bench.internal.ProcStats;
import java.util.Map;

/**
 * A measured time window: wall time and the CPU time the server (and its kernel part) and the load generator (this
 * process, or the C generator's) used in it, read from /proc at {@link #open} and {@link #close}. Harness thread
 * only.
 */
final class Window {
    private final long serverPid;
    private final long clientPid;
    private final long startNanos;
    private final long serverCpuStart;
    private final long serverSysStart;
    private final long clientCpuStart;
    private long seconds100;
    private double serverCpuPct;
    private double serverSysPct;
    private double clientCpuPct;
    private double elapsedSeconds;

    private Window(long serverPid, long clientPid) {
        this.serverPid = serverPid;
        this.clientPid = clientPid;
        this.startNanos = System.nanoTime();
        ProcStats.CpuTime server = ProcStats.cpuTime(serverPid);
        this.serverCpuStart = server.totalNanos();
        this.serverSysStart = server.systemNanos();
        this.clientCpuStart = clientPid < 0 ? 0 : ProcStats.cpuNanos(clientPid);
    }

    /** Starts a window now, the load generator being this process. */
    static Window open(long serverPid) {
        return new Window(serverPid, ProcStats.self());
    }

    /**
     * Starts a window now whose load generator is another process that measures its own CPU over the window (the C
     * generator: it may exit before /proc could be read at the end); give it to {@link #clientCpu}.
     */
    static Window openServerOnly(long serverPid) {
        return new Window(serverPid, -1);
    }

    /** Ends the window now; returns its length in seconds. */
    double close() {
        long elapsed = System.nanoTime() - startNanos;
        ProcStats.CpuTime server = ProcStats.cpuTime(serverPid);
        serverCpuPct = 100.0 * (server.totalNanos() - serverCpuStart) / elapsed;
        serverSysPct = 100.0 * (server.systemNanos() - serverSysStart) / elapsed;
        if (clientPid >= 0) {
            clientCpuPct = 100.0 * (ProcStats.cpuNanos(clientPid) - clientCpuStart) / elapsed;
        }
        elapsedSeconds = elapsed / 1e9;
        return elapsedSeconds;
    }

    /**
     * For a window opened {@link #openServerOnly}: the load generator's CPU over its own window, in percent of one
     * core, as it measured it.
     */
    void clientCpu(double generatorCpuPct) {
        clientCpuPct = generatorCpuPct;
    }

    /**
     * Adds seconds, server and client CPU and whether the generator (with {@code clientThreads} event loops) bound
     * the window ({@link ClientBound}) to {@code metrics}; a client-bound window also gets a note.
     */
    void report(Map<String, Double> metrics, java.util.List<String> notes, int clientThreads) {
        metrics.put(Metric.SECONDS, round(elapsedSeconds, 2));
        metrics.put(Metric.SERVER_CPU, round(serverCpuPct, 1));
        metrics.put(Metric.SERVER_SYS_CPU, round(serverSysPct, 1));
        metrics.put(Metric.CLIENT_CPU, round(clientCpuPct, 1));
        int cores = Runtime.getRuntime().availableProcessors();
        boolean bound = ClientBound.test(clientCpuPct, serverCpuPct, clientThreads, cores);
        metrics.put(Metric.CLIENT_BOUND, bound ? 1.0 : 0.0);
        if (bound) {
            notes.add(ClientBound.note(clientCpuPct, serverCpuPct, clientThreads, cores));
        }
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
