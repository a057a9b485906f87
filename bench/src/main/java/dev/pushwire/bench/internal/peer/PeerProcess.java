package dev.pushwire.bench.internal.peer;

import dev.pushwire.bench.internal.ChildProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One peer server running in its own process on a free loopback port. {@link #start} returns once the peer printed
 * its READY line; {@link #close()} stops it (stdin EOF, then SIGTERM, then SIGKILL). Not thread-safe: one owner.
 */
public final class PeerProcess implements AutoCloseable {
    private final Peer peer;
    private final Process process;
    private final int port;
    private final String description;
    private final Path log;
    private final BlockingQueue<String> replies;

    private PeerProcess(Peer peer, Process process, int port, String description, Path log,
                        BlockingQueue<String> replies) {
        this.peer = peer;
        this.process = process;
        this.port = port;
        this.description = description;
        this.log = log;
        this.replies = replies;
    }

    /** How to start peers: the java binary and flags for JVM peers, the class path, the Node project folder. */
    public record Launch(String javaBin, List<String> jvmOptions, String classPath, Path nodeDir) {
        /** The JVM running this code, with its class path. */
        public static Launch fromThisJvm(List<String> jvmOptions, Path nodeDir) {
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return new Launch(javaBin, List.copyOf(jvmOptions), System.getProperty("java.class.path"), nodeDir);
        }
    }

    /** Starts {@code peer} and waits (up to 60 s) until it serves. */
    public static PeerProcess start(Peer peer, Launch launch) throws IOException, InterruptedException {
        int port = ChildProcess.freePort();
        List<String> command = new ArrayList<>();
        if (peer.isJava()) {
            command.add(launch.javaBin());
            command.addAll(launch.jvmOptions());
            command.add("-cp");
            command.add(launch.classPath());
            command.add(PeerMain.class.getName());
            command.add(peer.id());
        } else {
            ensureNodeModules(launch.nodeDir());
            command.add("node");
            command.add("--expose-gc");
            command.add(launch.nodeDir().resolve("server.js").toString());
        }
        command.add(Integer.toString(port));
        Path log = Files.createTempFile("pushwire-bench-" + peer.id() + "-", ".log");
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = new CompletableFuture<>();
        BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (!ready.isDone() && line.startsWith("READY ")) {
                        ready.complete(line);
                    } else if (line.equals("GC-DONE")) {
                        replies.add(line);
                    } else {
                        Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
                                java.nio.file.StandardOpenOption.APPEND);
                    }
                }
                ready.completeExceptionally(new IOException("peer " + peer.id() + " exited before READY"));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        }, "peer-stdout-" + peer.id());
        reader.setDaemon(true);
        reader.start();
        String line;
        try {
            line = ready.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("peer " + peer.id() + " did not start: " + e.getMessage() + "; its log "
                    + log + ":\n" + tail(log), e);
        }
        String[] parts = line.split(" ", 3);
        return new PeerProcess(peer, process, port, parts.length > 2 ? parts[2] : peer.id(), log, replies);
    }

    /**
     * Asks the peer for a full garbage collection and waits (up to 30 s) until it is done, so that memory read next
     * is what the peer holds rather than garbage not yet collected. Node peers run with {@code --expose-gc}.
     */
    public void collectGarbage() throws IOException, InterruptedException {
        replies.clear();
        process.getOutputStream().write("gc\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
        if (replies.poll(30, TimeUnit.SECONDS) == null) {
            throw new IOException("peer " + peer.id() + " did not answer a gc request in 30 s");
        }
    }

    /** Which peer this is. */
    public Peer peer() {
        return peer;
    }

    /** The loopback port it serves. */
    public int port() {
        return port;
    }

    /** The process id (for /proc). */
    public long pid() {
        return process.pid();
    }

    /** What the peer says it is, with versions. */
    public String description() {
        return description;
    }

    /** Whether the process still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The last lines of its stderr/stdout log. */
    public String logTail() {
        return tail(log);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static void ensureNodeModules(Path nodeDir) throws IOException, InterruptedException {
        if (Files.isDirectory(nodeDir.resolve("node_modules").resolve("ws"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(nodeDir.toFile()).inheritIO().start();
        if (npm.waitFor() != 0) {
            throw new IOException("npm ci failed in " + nodeDir);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
