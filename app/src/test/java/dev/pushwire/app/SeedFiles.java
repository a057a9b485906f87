package dev.pushwire.app;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The seed's programs ({@code shared/seed/}), which the tests run as they are. They live beside the repository:
 * {@code ../shared/seed} from the main checkout; from a worktree deeper down, the nearest ancestor's
 * {@code shared/seed}. System property {@code pushwire.seedDir} overrides.
 */
final class SeedFiles {
    private SeedFiles() {
    }

    static Path dir() {
        String property = System.getProperty("pushwire.seedDir");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath();
        }
        for (Path d = RunningProcess.repoRoot().getParent(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve("seed");
            if (Files.isRegularFile(candidate.resolve("node-client.js"))) {
                return candidate;
            }
        }
        throw new AssertionError("cannot find the seed's programs (shared/seed/node-client.js) above "
                + RunningProcess.repoRoot() + "; set -Dpushwire.seedDir=/path/to/shared/seed");
    }

    static Path file(String name) {
        return dir().resolve(name);
    }
}
