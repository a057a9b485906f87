package dev.pushwire.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's package) started by a test on a free loopback port, in a temporary folder of
 * its own; {@link #close()} stops it by its own process handle. Fault tests {@link #pause()} and {@link #resume()}
 * it (SIGSTOP / SIGCONT), {@link #kill()} it (SIGKILL) and {@link #restart()} it on the same port. Needs
 * {@link ExternalTool#REDIS_SERVER} (skips or fails as that says). Tests usually get one from
 * {@link RedisServerExtension}, which starts it for a class or a test and closes it after.
 *
 * <p>Not thread safe: one test drives it.
 */
public final class RedisServer implements AutoCloseable {
    private final Path executable;
    private final Path dir;
    private final int port;
    private final boolean appendOnly;
    private final String password;
    private Process process;

    private RedisServer(Path executable, Path dir, int port, boolean appendOnly, String password) {
        this.executable = executable;
        this.dir = dir;
        this.port = port;
        this.appendOnly = appendOnly;
        this.password = password;
    }

    /** Starts a Redis without persistence (a restart loses everything, as a cache node would). */
    public static RedisServer start() {
        return start(false, null);
    }

    /**
     * Starts a Redis.
     *
     * @param appendOnly whether it writes an append-only file ({@code appendfsync always}), so a restart keeps its data
     * @param password   {@code requirepass}, or null for none
     */
    public static RedisServer start(boolean appendOnly, String password) {
        Path executable = ExternalTool.REDIS_SERVER.require();
        try {
            RedisServer server = new RedisServer(executable, Files.createTempDirectory("pushwire-redis"),
                    Loopback.freePort(), appendOnly, password);
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port it listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    /** {@code redis://[:password@]127.0.0.1:port}, for a broker's settings. */
    public String uri() {
        return "redis://" + (password == null ? "" : ":" + password + "@") + "127.0.0.1:" + port;
    }

    /** Stops the process from running (SIGSTOP): clients' commands hang, connections stay open. */
    public void pause() {
        signal("STOP");
    }

    /** Lets a paused process run again (SIGCONT). */
    public void resume() {
        signal("CONT");
    }

    /** Kills the process at once (SIGKILL), without saving. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the process and starts a new one on the same port and folder (an AOF, if on, is read back). */
    public void restart() {
        kill();
        launch();
    }

    /** Whether the process is alive. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** redis-server's log, for failure messages. */
    public String log() {
        try {
            return Files.readString(dir.resolve("redis.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        resume();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(executable.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--save", "", "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString(),
                "--protected-mode", "no"));
        if (appendOnly) {
            command.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
        } else {
            command.addAll(List.of("--appendonly", "no"));
        }
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive() || Loopback.accepts(port));
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server exited: " + log());
        }
    }

    private void signal(String name) {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
