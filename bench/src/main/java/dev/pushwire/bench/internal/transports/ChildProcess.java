package dev.pushwire.bench.internal.transports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child process (the server under test, or the Node load generator) that talks in lines: its stdout lines are
 * queued for {@link #awaitLine}, its stderr goes to ours, {@link #send} writes a line to its stdin. Destroyed by
 * {@link #close} (by its own handle). Harness thread only, except the reader thread it starts.
 */
public final class ChildProcess implements AutoCloseable {
    /** Children still running, destroyed by a shutdown hook if the harness is stopped (Ctrl-C, SIGTERM). */
    private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroy), "child-processes"));
    }

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Writer stdin;
    private final String name;

    public ChildProcess(String name, List<String> command, Path dir) throws IOException {
        this.name = name;
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        process = pb.start();
        LIVE.add(process);
        stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
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
}
