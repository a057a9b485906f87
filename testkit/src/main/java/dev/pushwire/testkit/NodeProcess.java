package dev.pushwire.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A running Node program (or any external process) started by a test: its stdout and stderr are collected line by
 * line, a test awaits the line it needs with a deadline, and {@link #close()} kills the process and its children.
 *
 * <p>{@link #awaitLine} returns each stdout line at most once, in order, so a test can await the same kind of
 * line ({@code closed 1000 ...}) twice. Thread-safe: the reader threads add lines while a test awaits them.
 */
public final class NodeProcess implements AutoCloseable {
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);

    private final Process process;
    private final String description;
    private final Writer stdin;
    /** Guarded by {@code this}. */
    private final List<String> stdout = new ArrayList<>();
    /** Guarded by {@code this}. */
    private final List<String> stderr = new ArrayList<>();
    /** Guarded by {@code this}: which stdout lines {@link #awaitLine} has already returned. */
    private final List<Boolean> taken = new ArrayList<>();
    /** Guarded by {@code this}: both output streams have ended. */
    private int streamsEnded;

    private NodeProcess(Process process, String description) {
        this.process = process;
        this.description = description;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        startReader(process.getInputStream(), true);
        startReader(process.getErrorStream(), false);
    }

    /** Starts {@code command} in {@code workingDir}. Prefer {@link NodeProject#start} for the test peers. */
    public static NodeProcess start(Path workingDir, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(workingDir.toFile()).start();
            return new NodeProcess(p, String.join(" ", command));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private void startReader(InputStream in, boolean isStdout) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (this) {
                        if (isStdout) {
                            stdout.add(line);
                            taken.add(false);
                        } else {
                            stderr.add(line);
                        }
                        notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process died or was killed: the stream just ends
            } finally {
                synchronized (this) {
                    streamsEnded++;
                    notifyAll();
                }
            }
        }, "node-" + (isStdout ? "out" : "err") + "-" + process.pid());
        t.setDaemon(true);
        t.start();
    }

    /**
     * Waits for the first stdout line, not returned before, that matches; returns it.
     *
     * @throws AssertionError if the process ends or the deadline passes first (with its output in the message)
     */
    public String awaitLine(Predicate<String> matcher, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            int scanned = 0;
            while (true) {
                for (int i = scanned; i < stdout.size(); i++) {
                    if (!taken.get(i) && matcher.test(stdout.get(i))) {
                        taken.set(i, true);
                        return stdout.get(i);
                    }
                }
                scanned = stdout.size();
                if (streamsEnded == 2) {
                    throw new AssertionError("process ended (exit " + exitCodeOrUnknown()
                            + ") before the awaited line; " + outputSummary());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching line within " + timeout + "; " + outputSummary());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while awaiting a line from " + description, e);
                }
            }
        }
    }

    /** Waits for a line starting with {@code prefix} and returns the rest of it. */
    public String awaitLineStartingWith(String prefix, Duration timeout) {
        return awaitLine(l -> l.startsWith(prefix), timeout).substring(prefix.length());
    }

    /** Waits for the {@code listening <port>} line that the testkit's servers print first, and returns the port. */
    public int awaitListeningPort(Duration timeout) {
        return Integer.parseInt(awaitLineStartingWith("listening ", timeout).trim());
    }

    /** Writes one line to the process's stdin. */
    public void writeLine(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + description, e);
        }
    }

    /** A snapshot of the stdout lines so far. */
    public synchronized List<String> stdout() {
        return List.copyOf(stdout);
    }

    /** A snapshot of the stderr lines so far. */
    public synchronized List<String> stderr() {
        return List.copyOf(stderr);
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the process still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code timeout} for the process to exit and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(description + " still runs after " + timeout + "; " + outputSummary());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while awaiting the exit of " + description, e);
        }
    }

    private String exitCodeOrUnknown() {
        try {
            return String.valueOf(process.waitFor(1, TimeUnit.SECONDS) ? process.exitValue() : "?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    private synchronized String outputSummary() {
        return "command: " + description + "\nstdout:\n  " + String.join("\n  ", stdout)
                + "\nstderr:\n  " + String.join("\n  ", stderr);
    }

    /** Kills the process and every process it started (SIGTERM, then SIGKILL after a grace period). */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the process is gone; nothing to flush
        }
    }

    @Override
    public String toString() {
        return "NodeProcess[" + process.pid() + ": " + description + "]";
    }
}
