package dev.pushwire.core;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The close reason a draining server sends with 1001 ({@link CloseCode#GOING_AWAY}), and how a client reads it:
 * {@code "server draining; reconnect within 5000 ms"}. A client that gets it reconnects at a random moment within
 * that many milliseconds instead of at once or on its usual backoff, so the clients of a drained node do not all come
 * back in the same second (docs/operations.md, "Draining"). Stateless.
 */
public final class DrainNotice {
    private static final Pattern WINDOW = Pattern.compile("reconnect within (\\d{1,9}) ms");

    private DrainNotice() {
    }

    /** The close reason telling a client to reconnect at a random moment within {@code window}. */
    public static String reason(Duration window) {
        return "server draining; reconnect within " + Math.max(0, window.toMillis()) + " ms";
    }

    /** The reconnect window a close reason names, in milliseconds, or empty when it is not a drain notice. */
    public static OptionalLong windowMillis(String reason) {
        if (reason == null) {
            return OptionalLong.empty();
        }
        Matcher m = WINDOW.matcher(reason);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /**
     * The delay before reconnecting after a close with {@code reason}: a uniformly random point of its window, or
     * empty when the reason is not a drain notice (use the usual backoff then).
     */
    public static OptionalLong reconnectDelayMillis(String reason) {
        OptionalLong window = windowMillis(reason);
        if (window.isEmpty()) {
            return window;
        }
        return OptionalLong.of(ThreadLocalRandom.current().nextLong(window.getAsLong() + 1));
    }
}
