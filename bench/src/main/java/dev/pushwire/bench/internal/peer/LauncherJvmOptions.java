package dev.pushwire.bench.internal.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags the {@code pushwire} launcher runs the server with: {@code app/jvm.options} of the repository (one
 * or more flags a line, {@code #} starts a comment). The benchmarks give them to their JVM peers by default, so
 * Pushwire is measured as users run it and the other JVM servers with the same collector and sizes. Stateless.
 */
public final class LauncherJvmOptions {
    /** Where the launcher reads them, relative to the repository root (bench/run's working directory). */
    public static final Path FILE = Path.of("app", "jvm.options");

    private LauncherJvmOptions() {
    }

    /** The flags in {@link #FILE} under the working directory; fails when it is not there. */
    public static List<String> load() {
        try {
            return parse(Files.readAllLines(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the launcher's JVM flags from " + FILE.toAbsolutePath()
                    + " (run from the repository root, or pass --jvm-opts)", e);
        }
    }

    /** The flags of {@code lines}: comments and blank lines dropped, each line split at whitespace. */
    static List<String> parse(List<String> lines) {
        List<String> flags = new ArrayList<>();
        for (String line : lines) {
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (!content.isEmpty()) {
                flags.addAll(List.of(content.split("\\s+")));
            }
        }
        return List.copyOf(flags);
    }
}
