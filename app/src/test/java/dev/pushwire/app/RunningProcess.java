package dev.pushwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A program a test started (the fat jar, the launcher, Node): stdout and stderr collected line by line by two reader
 * threads, awaited with a deadline, killed by {@link #close()} together with its children. Thread-safe.
 */
final class RunningProcess implements AutoCloseable {
    private final Process process;
    private final String description;
    /** Guarded by {@code this}. */
    private final List<String> stdout = new ArrayList<>();
    /** Guarded by {@code this}. */
    private final List<String> stderr = new ArrayList<>();
    private final Thread[] readers = new Thread[2];

    private RunningProcess(Process process, String description) {
        this.process = process;
        this.description = description;
        readers[0] = reader(process.getInputStream(), stdout, "out");
        readers[1] = reader(process.getErrorStream(), stderr, "err");
    }

    /** Starts {@code command} in {@code dir} with {@code extraEnv} added to this JVM's environment. */
    static RunningProcess start(Path dir, Map<String, String> extraEnv, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().putAll(extraEnv);
        try {
            return new RunningProcess(pb.start(), String.join(" ", command));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** {@code java <jvmArgs> -jar app/target/pushwire.jar <args>}, the fat jar that the package phase built. */
    static RunningProcess pushwireJar(List<String> jvmArgs, List<String> args) {
        return pushwireJar(Map.of(), jvmArgs, args);
    }

    /** The fat jar with {@code env} added to the environment. */
    static RunningProcess pushwireJar(Map<String, String> env, List<String> jvmArgs, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(fatJar().toString());
        command.addAll(args);
        return start(repoRoot(), env, command);
    }

    /** The fat jar: system property {@code pushwire.jar} (failsafe sets it). */
    static Path fatJar() {
        Path jar = Path.of(System.getProperty("pushwire.jar", repoRoot().resolve("app/target/pushwire.jar").toString()));
        assertThat(jar).as("the fat jar (built by the package phase; run these tests with ./mvnw verify)")
                .isRegularFile();
        return jar;
    }

    /** The repository root: system property {@code pushwire.repoRoot} (Surefire and failsafe set it). */
    static Path repoRoot() {
        String root = System.getProperty("pushwire.repoRoot");
        return (root == null ? Path.of("..") : Path.of(root)).toAbsolutePath().normalize();
    }

    private Thread reader(InputStream in, List<String> sink, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (this) {
                        sink.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended or was killed: the stream ends
            }
        }, "proc-" + name + "-" + process.pid());
        t.setDaemon(true);
        t.start();
        return t;
    }

    synchronized List<String> stdout() {
        return List.copyOf(stdout);
    }

    synchronized List<String> stderr() {
        return List.copyOf(stderr);
    }

    /** Waits for a stdout line that matches and returns it; on timeout the assertion shows the whole output. */
    String awaitStdout(String what, Predicate<String> matcher, Duration timeout) {
        await(what + " on the stdout of " + description).atMost(timeout).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    assertThat(process.isAlive() || hasLine(matcher))
                            .as("process exited with %s before %s; %s", exitValueOrNull(), what, output())
                            .isTrue();
                    assertThat(hasLine(matcher)).as("%s; %s", what, output()).isTrue();
                });
        return firstLine(matcher).orElseThrow();
    }

    private synchronized boolean hasLine(Predicate<String> matcher) {
        return stdout.stream().anyMatch(matcher);
    }

    private synchronized Optional<String> firstLine(Predicate<String> matcher) {
        return stdout.stream().filter(matcher).findFirst();
    }

    private Integer exitValueOrNull() {
        return process.isAlive() ? null : process.exitValue();
    }

    /** Waits for the process to exit by itself and returns the exit code; its output is fully read afterwards. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(description + " still runs after " + timeout + "; " + output());
            }
            for (Thread reader : readers) {
                reader.join(timeout.toMillis());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Sends SIGTERM (a graceful stop for the JVM) and waits for the exit code. */
    int terminate(Duration timeout) {
        process.destroy();
        return awaitExit(timeout);
    }

    /** Kills the process with SIGKILL (no shutdown hook runs, sockets are closed by the kernel) and waits for it. */
    void kill(Duration timeout) {
        process.destroyForcibly();
        awaitExit(timeout);
    }

    /** The process id. */
    long pid() {
        return process.pid();
    }

    /** Everything printed so far, for assertion messages. */
    synchronized String output() {
        return "command: " + description + "\nstdout:\n  " + String.join("\n  ", stdout) + "\nstderr:\n  "
                + String.join("\n  ", stderr);
    }

    /** Kills the process and its children (SIGTERM, then SIGKILL after 5 s). */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
