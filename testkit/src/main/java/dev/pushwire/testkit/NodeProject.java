package dev.pushwire.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Node project of test peers in {@code testkit/node} (the real {@code ws} package and scripts such as
 * {@code echo-server.js}), installed with {@code npm ci} from its committed {@code package-lock.json}.
 *
 * <p>{@link #start} installs the project once per machine when {@code node_modules} is missing or was installed
 * from another lock file, then starts a script. Installing is safe when several JVMs (parallel Maven modules) do
 * it at once: they take a file lock, and the first one installs while the others wait and then reuse the result.
 * Node and npm are found with {@link ExternalTool}: missing, the test is skipped (or fails under CI).
 */
public final class NodeProject {
    private static final String MARKER = ".pushwire-installed";
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

    private NodeProject() {
    }

    /** The repository root: system property {@code pushwire.repoRoot} (Surefire sets it), else found by walking up. */
    public static Path repoRoot() {
        String property = System.getProperty("pushwire.repoRoot");
        if (property != null && !property.isBlank() && Files.isRegularFile(Path.of(property, "pom.xml"))) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (isRootPom(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("cannot find the Pushwire repository root above " + dir
                + " (no pom.xml with artifactId pushwire-parent); set -Dpushwire.repoRoot=...");
    }

    private static boolean isRootPom(Path pom) {
        try {
            if (!Files.isRegularFile(pom)) {
                return false;
            }
            String text = Files.readString(pom);
            return text.contains("<artifactId>pushwire-parent</artifactId>") && text.contains("<modules>");
        } catch (IOException e) {
            return false;
        }
    }

    /** The Node project's folder, {@code testkit/node} under the repository root. */
    public static Path dir() {
        return repoRoot().resolve("testkit").resolve("node");
    }

    /** A script of the project, e.g. {@code script("echo-server.js")}. */
    public static Path script(String name) {
        Path p = dir().resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no such test peer script: " + p);
        }
        return p;
    }

    /**
     * Starts {@code node script args...} in the project folder, installing the project first if needed.
     * Skips the test (fails under CI) when node or npm is missing.
     */
    public static NodeProcess start(String script, String... args) {
        Path node = ExternalTool.NODE.require();
        ensureInstalled();
        List<String> command = new ArrayList<>();
        command.add(node.toString());
        command.add(script(script).toString());
        command.addAll(List.of(args));
        return NodeProcess.start(dir(), command);
    }

    /**
     * Runs {@code npm ci} in the project unless {@code node_modules} was installed from the current lock file.
     * Blocks while another JVM installs.
     */
    public static void ensureInstalled() {
        Path npm = ExternalTool.NPM.require();
        Path dir = dir();
        String lockHash = lockHash(dir);
        if (installedFrom(dir, lockHash)) {
            return;
        }
        synchronized (NodeProject.class) {
            try (FileChannel channel = FileChannel.open(dir.resolve(".npm-ci.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (installedFrom(dir, lockHash)) {
                    return;
                }
                runNpmCi(npm, dir);
                Files.writeString(dir.resolve("node_modules").resolve(MARKER), lockHash);
            } catch (IOException e) {
                throw new UncheckedIOException("npm ci in " + dir + " failed", e);
            }
        }
    }

    private static boolean installedFrom(Path dir, String lockHash) {
        Path marker = dir.resolve("node_modules").resolve(MARKER);
        try {
            return Files.isRegularFile(marker) && Files.readString(marker).equals(lockHash);
        } catch (IOException e) {
            return false;
        }
    }

    private static void runNpmCi(Path npm, Path dir) throws IOException {
        Path log = Files.createTempFile("pushwire-npm-ci", ".log");
        Process p = new ProcessBuilder(npm.toString(), "ci", "--no-audit", "--no-fund")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!p.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("npm ci in " + dir + " took longer than " + INSTALL_TIMEOUT
                        + "; output: " + Files.readString(log));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("npm ci in " + dir + " exited with " + p.exitValue()
                        + "; output: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running npm ci", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String lockHash(Path dir) {
        try {
            byte[] lock = Files.readAllBytes(dir.resolve("package-lock.json"));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(lock));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve("package-lock.json"), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
