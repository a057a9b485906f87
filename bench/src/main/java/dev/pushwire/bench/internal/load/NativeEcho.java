package dev.pushwire.bench.internal.load;

import dev.pushwire.bench.internal.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The C echo load generator {@code wsecho} (sources in {@code bench/src/main/c}; {@code wsecho.c} says what it
 * does): finds or builds its binary, and runs one echo load with it as a child process. {@code bench/run} builds it into
 * {@code bench/target/wsecho} with the system's C compiler; {@link #locate} builds it too when the jar runs without
 * {@code bench/run} (or the source is newer). Harness thread only.
 */
public final class NativeEcho implements AutoCloseable {
    /** The source, relative to the repository root. */
    static final String SOURCE = "bench/src/main/c/wsecho.c";

    private final ChildProcess process;

    private NativeEcho(ChildProcess process) {
        this.process = process;
    }

    /**
     * The binary next to the source ({@code <module>/target/wsecho}), built with {@link #compiler()} when it is
     * missing or older than a file of {@code src/main/c}; empty when there is no source or no compiler, or the build
     * failed.
     */
    public static Optional<Path> locate() {
        Optional<Path> source = source();
        if (source.isEmpty()) {
            return Optional.empty();
        }
        Path binary = source.get().getParent().getParent().getParent().getParent().resolve("target/wsecho");
        try {
            if (Files.isExecutable(binary) && !newerThan(source.get().getParent(), binary)) {
                return Optional.of(binary);
            }
            Optional<Path> cc = compiler();
            if (cc.isEmpty()) {
                return Optional.empty();
            }
            build(cc.get(), source.get(), binary);
            return Optional.of(binary);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Whether a file in {@code dir} (the C sources) was modified after {@code binary}. */
    private static boolean newerThan(Path dir, Path binary) throws IOException {
        java.nio.file.attribute.FileTime built = Files.getLastModifiedTime(binary);
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.getLastModifiedTime(f).compareTo(built) > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Why {@link #locate} found nothing, for a message. */
    public static String whyMissing() {
        if (source().isEmpty()) {
            return "no " + SOURCE + " here (run from the repository root, e.g. with bench/run)";
        }
        if (compiler().isEmpty()) {
            return "no C compiler (cc or gcc) on the PATH to build " + SOURCE
                    + " (apt-get install build-essential)";
        }
        return "building " + SOURCE + " failed (its compiler output is above)";
    }

    /** The source file, from the repository root or from the bench module's folder (as the tests run). */
    public static Optional<Path> source() {
        for (String candidate : List.of(SOURCE, "src/main/c/wsecho.c")) {
            Path p = Path.of(candidate).toAbsolutePath();
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** {@code cc} or {@code gcc} on the PATH. */
    public static Optional<Path> compiler() {
        for (String name : List.of("cc", "gcc")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Compiles {@code source} into {@code binary} with {@code cc} ({@code -O2 -pthread}, as {@code bench/run} does);
     * the compiler's output goes to our stderr.
     *
     * @throws IOException when the compiler fails
     */
    public static void build(Path cc, Path source, Path binary) throws IOException, InterruptedException {
        Files.createDirectories(binary.toAbsolutePath().getParent());
        Process p = new ProcessBuilder(cc.toString(), "-O2", "-std=gnu11", "-pthread", "-o", binary.toString(),
                source.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException(cc + " could not build " + source + " (exit " + p.exitValue() + ")");
        }
    }

    /**
     * Starts {@code binary} against loopback {@code port}: {@code connections} connections to {@code path}, each
     * with {@code inFlight} text messages of {@code payloadBytes} in flight, on {@code threads} threads, for
     * {@code warmup} and then {@code measure}.
     */
    public static NativeEcho start(Path binary, int port, String path, int connections, int inFlight,
                                   int payloadBytes, int threads, Duration warmup, Duration measure)
            throws IOException {
        List<String> command = List.of(binary.toString(), "-p", Integer.toString(port), "-u", path,
                "-c", Integer.toString(connections), "-k", Integer.toString(inFlight),
                "-s", Integer.toString(payloadBytes), "-t", Integer.toString(threads),
                "-w", Long.toString(Math.max(0, warmup.toMillis())),
                "-m", Long.toString(Math.max(1, measure.toMillis())));
        return new NativeEcho(new ChildProcess("wsecho", command, null));
    }

    /** Waits for the line {@code key ...} it prints and returns its {@code name=value} fields. */
    public Map<String, String> await(String key, Duration timeout) throws InterruptedException {
        String line = process.awaitLine(key, timeout);
        Map<String, String> fields = new HashMap<>();
        for (String part : line.substring(key.length()).trim().split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return fields;
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
