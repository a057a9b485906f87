package dev.pushwire.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The seed's programs, which the tests run as they are. The repository holds copies in
 * {@code app/src/test/resources/seed} (see its README), so the tests need nothing beside the checkout.
 */
final class SeedFiles {
    /** The programs copied from the seed; {@link SeedCopiesTest} keeps them equal to the original. */
    static final List<String> NAMES = List.of(
            "browser-client.html", "longpolling.html", "polling.html", "node-client.js", "ws-server.js");

    private SeedFiles() {
    }

    /** The repository's copies. */
    static Path dir() {
        Path dir = RunningProcess.repoRoot().resolve("app/src/test/resources/seed");
        if (!Files.isRegularFile(dir.resolve("node-client.js"))) {
            throw new AssertionError("the seed's programs are missing from " + dir);
        }
        return dir;
    }

    static Path file(String name) {
        return dir().resolve(name);
    }

    /**
     * The seed's original folder, outside the repository: only where the environment variable
     * {@code PUSHWIRE_SEED_ORIGIN} names it (the project's own CI does). A user's clone has none.
     */
    static Optional<Path> origin() {
        String origin = System.getenv("PUSHWIRE_SEED_ORIGIN");
        if (origin == null || origin.isBlank()) {
            return Optional.empty();
        }
        Path dir = Path.of(origin).toAbsolutePath();
        if (!Files.isRegularFile(dir.resolve("node-client.js"))) {
            throw new AssertionError("PUSHWIRE_SEED_ORIGIN=" + origin + " holds no seed programs (node-client.js)");
        }
        return Optional.of(dir);
    }
}
