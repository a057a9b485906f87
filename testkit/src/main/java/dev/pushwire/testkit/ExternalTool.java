package dev.pushwire.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * A program a test needs from the machine (node, chromium, nginx, redis-server, a C compiler). {@link #require()}
 * returns its path; when it is missing the test <em>fails</em> under CI ({@code CI=true}) and is skipped, with a
 * message that says how to install it, elsewhere.
 */
public enum ExternalTool {
    NODE("node", "Node.js 20 (https://nodejs.org or apt-get install nodejs)", "/usr/bin/node", "/usr/local/bin/node"),
    NPM("npm", "npm (comes with Node.js)", "/usr/bin/npm", "/usr/local/bin/npm"),
    CHROMIUM("chromium", "apt-get install chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser"),
    NGINX("nginx", "apt-get install nginx", "/usr/sbin/nginx", "/usr/bin/nginx"),
    REDIS_SERVER("redis-server", "apt-get install redis-server", "/usr/bin/redis-server", "/usr/local/bin/redis-server"),
    /** A C compiler (the bench's C echo load generator). */
    CC("cc", "a C compiler: apt-get install build-essential (gcc)", "/usr/bin/cc", "/usr/bin/gcc", "/usr/local/bin/cc");

    private final String command;
    private final String installHint;
    private final List<String> knownPaths;

    ExternalTool(String command, String installHint, String... knownPaths) {
        this.command = command;
        this.installHint = installHint;
        this.knownPaths = List.of(knownPaths);
    }

    /** Whether tests run under CI, where a missing tool is a failure rather than a skip. */
    public static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The tool's path, if it is on this machine. */
    public Optional<Path> find() {
        for (String known : knownPaths) {
            Path p = Path.of(known);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        String pathEnv = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathEnv.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, command);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The tool's path. Missing: throws {@link AssertionError} under CI, otherwise aborts the test as skipped.
     */
    public Path require() {
        Optional<Path> found = find();
        if (found.isPresent()) {
            return found.get();
        }
        String message = command + " is not installed; this test needs it (" + installHint + ")";
        if (underCi()) {
            throw new AssertionError(message + ". Under CI=true a missing tool fails the test.");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }
}
