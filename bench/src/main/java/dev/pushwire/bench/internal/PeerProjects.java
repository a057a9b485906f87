package dev.pushwire.bench.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The npm projects of the bench's Node peers ({@code bench/peers/<name>}): where they are, whichever folder the bench
 * was started from, and their locked dependencies installed. Harness thread only.
 */
public final class PeerProjects {
    private PeerProjects() {
    }

    /**
     * {@code bench/peers/<name>} as seen from the repository's root, from {@code bench/}, or from a folder beside
     * {@code bench/}: the first that holds {@code file}; the one under the current folder when none does.
     */
    public static Path find(String name, String file) {
        for (String candidate : List.of("bench/peers/", "peers/", "../bench/peers/")) {
            Path p = Path.of(candidate + name);
            if (Files.isRegularFile(p.resolve(file))) {
                return p.toAbsolutePath();
            }
        }
        return Path.of("bench/peers/" + name).toAbsolutePath();
    }

    /**
     * Installs the project's locked dependencies ({@code npm ci}, its output on ours) when one of {@code modules}
     * is missing from its {@code node_modules}; throws when npm fails or takes over 5 minutes.
     */
    public static void npmCi(Path dir, String... modules) throws Exception {
        if (Arrays.stream(modules).allMatch(m -> Files.isDirectory(dir.resolve("node_modules").resolve(m)))) {
            return;
        }
        Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile()).inheritIO().start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("npm ci failed in " + dir);
        }
    }
}
