package dev.pushwire.bench.internal;

import java.time.Duration;
import java.util.Locale;

/** Durations as the bench's options take them. Stateless; any thread. */
public final class Durations {
    private Durations() {
    }

    /** Parses "500ms", "5s", "1.5s", "2m" or an ISO-8601 duration ("PT5S", any case). */
    public static Duration parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s") && !t.startsWith("p")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        if (t.endsWith("m") && !t.startsWith("p")) {
            return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
        }
        return Duration.parse(t.toUpperCase(Locale.ROOT));
    }
}
