package dev.pushwire.websocket.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Logs a passed limit or a refused peer loudly the first time each kind happens in the process, and at DEBUG after
 * that, so a flood of hostile peers cannot flood the log. Thread safe.
 */
public final class LimitLog {
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    private LimitLog() {
    }

    /** Logs {@code format} at WARN the first time {@code kind} is seen, at DEBUG afterwards. */
    public static void warnOnce(Logger log, String kind, String format, Object... args) {
        if (SEEN.add(kind)) {
            log.warn(format + " (logged once; further ones at DEBUG)", args);
        } else if (log.isDebugEnabled()) {
            log.debug(format, args);
        }
    }
}
