package dev.pushwire.bench.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a process's CPU time and memory from Linux's /proc: CPU from {@code /proc/<pid>/stat} (user + system
 * time, in clock ticks of 10 ms), resident memory from {@code VmRSS} in {@code /proc/<pid>/status}, the open-file
 * limit from {@code /proc/<pid>/limits}. Stateless; any thread.
 */
public final class ProcStats {
    /** USER_HZ on Linux x86-64 ({@code getconf CLK_TCK}). */
    private static final long TICKS_PER_SECOND = 100;

    private ProcStats() {
    }

    /**
     * A process's CPU time so far, in nanoseconds (10 ms resolution): user + system, and the system part alone (what
     * the kernel spent on its behalf: system calls, the network stack), from one read of its stat file.
     */
    public record CpuTime(long totalNanos, long systemNanos) {
    }

    /** The process's CPU time so far, all of it and the kernel's part. */
    public static CpuTime cpuTime(long pid) {
        String[] f = statFields(pid);
        long user = Long.parseLong(f[11]);
        long system = Long.parseLong(f[12]);
        return new CpuTime(ticksToNanos(user + system), ticksToNanos(system));
    }

    /** The process's user + system CPU time so far, in nanoseconds (10 ms resolution). */
    public static long cpuNanos(long pid) {
        return cpuTime(pid).totalNanos();
    }

    /** The fields of {@code /proc/<pid>/stat} from field 3 (state) on: index 11 is utime, 12 stime. */
    private static String[] statFields(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name (field 2) may hold spaces: fields after the last ')' start with field 3 (state).
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    }

    private static long ticksToNanos(long ticks) {
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /** {@code cpuNanos} of CPU time spent over {@code wallNanos} of wall time, in % of one core. */
    public static double percentOfCore(long cpuNanos, long wallNanos) {
        return 100.0 * cpuNanos / wallNanos;
    }

    /** The process's resident set size, in bytes. */
    public static long rssBytes(long pid) {
        return statusKilobytes(pid, "VmRSS:") * 1024;
    }

    /** The process's soft limit on open files. */
    public static long openFileLimit(long pid) {
        for (String line : lines(Path.of("/proc", Long.toString(pid), "limits"))) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                return "unlimited".equals(f[0]) ? Long.MAX_VALUE : Long.parseLong(f[0]);
            }
        }
        throw new IllegalStateException("no open-file limit in /proc/" + pid + "/limits");
    }

    /** This process's id. */
    public static long self() {
        return ProcessHandle.current().pid();
    }

    private static long statusKilobytes(long pid, String key) {
        for (String line : lines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no " + key + " in /proc/" + pid + "/status");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
