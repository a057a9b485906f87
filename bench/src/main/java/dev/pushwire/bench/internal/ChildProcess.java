package dev.pushwire.bench.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child process of a bench (a server under test, a Node load generator, a cluster's redis-server or node) that
 * talks in lines: its stdout lines are queued for {@link #awaitLine}, its stderr goes to ours, {@link #send} writes
 * a line to its stdin; {@link #awaitPort} waits until it listens, {@link #cpuNanos} reads its CPU time from /proc.
 * Destroyed by {@link #close} (by its own handle), or by a shutdown hook if the harness is stopped. Used by
 * {@code bench transports} and {@code bench cluster}. Harness thread only, except the reader thread it starts.
 */
public final class ChildProcess implements AutoCloseable {
    /** Children still running, destroyed by a shutdown hook if the harness is stopped (Ctrl-C, SIGTERM). */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroy), "child-processes"));
    }

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Writer stdin;
    private final String name;

    /** Starts {@code command} in {@code dir} (null: this process's folder), named {@code name} in messages. */
    public ChildProcess(String name, List<String> command, Path dir) throws IOException {
        this.name = name;
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        process = pb.start();
        LIVE.add(process);
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    public long pid() {
        return process.pid();
    }

    /** Its user + system CPU time so far, in nanoseconds (from /proc, 10 ms resolution). */
    public long cpuNanos() {
        return ProcStats.cpuNanos(process.pid());
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }

    /** Whether the process still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The next stdout line starting with {@code prefix} (others are skipped), or an exception after {@code timeout}. */
    public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            // a process that ended has said all it will: stop waiting once its lines are read
            String line = left <= 0 ? null : lines.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)),
                    TimeUnit.NANOSECONDS);
            if (line == null && left > 0 && (process.isAlive() || !lines.isEmpty())) {
                continue;
            }
            if (line == null) {
                throw new IllegalStateException(name + ": no line starting with '" + prefix + "' within " + timeout
                        + (process.isAlive() ? "" : " (exited with " + process.exitValue() + ")"));
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /**
     * Returns once something accepts connections on loopback {@code port}; throws if the process exits first (its
     * output is above, on our stderr) or after {@code timeout}.
     */
    public void awaitPort(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(this + " exited before it listened on port " + port
                        + " (its output is above)");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException(this + " did not listen on port " + port + " within " + timeout);
    }

    /** Writes {@code line} and a newline to its stdin. */
    public void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    @Override
    public void close() throws InterruptedException {
        LIVE.remove(process);
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** A loopback port that was free a moment ago, for a child to listen on. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** What {@code command} prints (stdout and stderr, trimmed) once it has exited, or "?" if it cannot run. */
    public static String outputOf(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return out;
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
