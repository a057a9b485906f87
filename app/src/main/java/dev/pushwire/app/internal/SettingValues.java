package dev.pushwire.app.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses setting values as people write them: sizes ({@code 1048576}, {@code 64KiB}, {@code 1MiB}, {@code 64k}),
 * durations ({@code 25s}, {@code 500ms}, {@code 2m}, {@code 1h}; a bare number is seconds, {@code 0} is off),
 * booleans and comma-separated lists. Each parser throws {@link IllegalArgumentException} with a message that shows
 * an accepted form. Stateless.
 */
final class SettingValues {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private SettingValues() {
    }

    /** A byte count; binary units (k = KiB = 1024). */
    static long bytes(String value) {
        Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a size; write e.g. 1048576, 64KiB or 1MiB");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long factor = switch (unit.charAt(0)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1L;
        };
        if (n > Long.MAX_VALUE / factor) {
            throw new IllegalArgumentException("'" + value + "' is too large");
        }
        return n * factor;
    }

    /** A byte count that fits an int. */
    static int intBytes(String value) {
        long n = bytes(value);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + value + "' is too large; at most " + Integer.MAX_VALUE + " bytes");
        }
        return (int) n;
    }

    /** A non-negative duration. */
    static Duration duration(String value) {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a duration; write e.g. 25s, 500ms, 2m or 0");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** A whole number in {@code [min, max]}. */
    static int integer(String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a whole number");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(n + " is out of range; use " + min + ".." + max);
        }
        return n;
    }

    /** {@code true/false}, {@code on/off}, {@code yes/no}, {@code 1/0}. */
    static boolean bool(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1":
                return true;
            case "false", "off", "no", "0":
                return false;
            default:
                throw new IllegalArgumentException("'" + value + "' is not on or off; write true or false");
        }
    }

    /** A comma-separated list; blanks are dropped, so the empty string is the empty list. */
    static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return List.copyOf(out);
    }

    /** A human form of a duration for help texts: {@code 25s}, {@code 500ms}, {@code 0}. */
    /** A rate as a user would write it: {@code 1000}, or {@code 0.5}. */
    static String formatRate(double perSecond) {
        return perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
    }

    static String format(Duration d) {
        if (d.isZero()) {
            return "0";
        }
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0 && s >= 60) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    /** A human form of a size: {@code 1MiB}, {@code 64KiB}, {@code 1000}. */
    static String format(long bytes) {
        if (bytes >= (1 << 20) && bytes % (1 << 20) == 0) {
            return bytes / (1 << 20) + "MiB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + "KiB";
        }
        return Long.toString(bytes);
    }
}
