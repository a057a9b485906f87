package dev.pushwire.bench.internal.load;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Which load generator drives the echo scenarios of {@code bench ws}: {@link Kind#C} the C program
 * {@code wsecho} ({@link NativeEcho}: a child process on io_uring, less than half the Java generator's CPU per echo) or
 * {@link Kind#JAVA} the Netty generator of this process ({@link WsLoadClient}). Broadcast and idle always use the
 * Java generator. Immutable.
 *
 * @param kind which generator
 * @param binary the compiled {@code wsecho} for {@link Kind#C}, else null
 */
public record EchoGenerator(Kind kind, Path binary) {
    /** The two generators. */
    public enum Kind { C, JAVA }

    /** The Java generator. */
    public static final EchoGenerator JAVA = new EchoGenerator(Kind.JAVA, null);

    public EchoGenerator {
        if ((kind == Kind.C) != (binary != null)) {
            throw new IllegalArgumentException("the C generator needs its binary, the Java one none");
        }
    }

    /** The C generator at {@code binary}. */
    public static EchoGenerator c(Path binary) {
        return new EchoGenerator(Kind.C, binary);
    }

    /** Whether this is the C generator. */
    public boolean isC() {
        return kind == Kind.C;
    }

    /** For the run's settings and the cells' notes: {@code c (<binary>)} or {@code java (Netty, in the harness)}. */
    public String describe() {
        return isC() ? "c (" + binary + ")" : "java (Netty, in the harness)";
    }

    /**
     * Parses {@code --generator}: {@code c} (the C program, built from its source if it is missing or stale;
     * fails when it cannot be), {@code java}, or {@code auto} (C when it is built or a C compiler can build it,
     * else Java).
     *
     * @throws IllegalArgumentException for another name, or {@code c} when the program cannot be built
     */
    public static EchoGenerator parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "java":
                return JAVA;
            case "c":
                return c(NativeEcho.locate().orElseThrow(() -> new IllegalArgumentException(
                        "--generator c: " + NativeEcho.whyMissing())));
            case "auto":
                Optional<Path> found = NativeEcho.locate();
                return found.map(EchoGenerator::c).orElse(JAVA);
            default:
                throw new IllegalArgumentException("generator must be auto, c or java, was '" + name + "'");
        }
    }
}
