package dev.pushwire.app.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admin API's door: HTTP Basic with user {@code admin} and the admin password (compared in constant time), and
 * a per-IP throttle of failed logins: after {@link #MAX_FAILURES} failures within {@link #WINDOW_MILLIS}, that IP is
 * answered 429 until the window has passed, whatever it sends. Thread safe (a concurrent map of small records).
 */
final class AdminAuth {
    /** Failed logins an IP may make per window before it is refused with 429. */
    static final int MAX_FAILURES = 5;
    /** The window of the failure count, and how long a throttled IP waits. */
    static final long WINDOW_MILLIS = 60_000;
    /** Most IPs tracked at once; past it the oldest windows are dropped, so a flood cannot grow memory. */
    private static final int MAX_TRACKED = 10_000;

    /** The answer to one request's credentials. */
    enum Verdict { OK, UNAUTHORIZED, THROTTLED }

    private final byte[] expected;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    AdminAuth(String password, Clock clock) {
        this.expected = ("admin:" + password).getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** Checks an {@code Authorization} header from {@code ip}, counting a failure against it. */
    Verdict check(String ip, Optional<String> authorization) {
        long now = clock.millis();
        Failures f = failures.get(ip);
        if (f != null && now - f.windowStart >= WINDOW_MILLIS) {
            failures.remove(ip, f);
            f = null;
        }
        if (f != null && f.count >= MAX_FAILURES) {
            return Verdict.THROTTLED;
        }
        if (matches(authorization)) {
            return Verdict.OK;
        }
        failures.compute(ip, (k, old) -> old == null || now - old.windowStart >= WINDOW_MILLIS
                ? new Failures(now, 1) : new Failures(old.windowStart, old.count + 1));
        trim(now);
        return Verdict.UNAUTHORIZED;
    }

    /** Seconds until {@code ip} may try again (for Retry-After). */
    long retryAfterSeconds(String ip) {
        Failures f = failures.get(ip);
        long left = f == null ? 0 : WINDOW_MILLIS - (clock.millis() - f.windowStart);
        return Math.max(1, (left + 999) / 1000);
    }

    private boolean matches(Optional<String> authorization) {
        if (authorization.isEmpty() || !authorization.get().regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(authorization.get().substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, expected);
    }

    private void trim(long now) {
        if (failures.size() <= MAX_TRACKED) {
            return;
        }
        for (Iterator<Failures> it = failures.values().iterator(); it.hasNext(); ) {
            if (now - it.next().windowStart >= WINDOW_MILLIS / 2 || failures.size() > MAX_TRACKED) {
                it.remove();
            }
        }
    }

    private record Failures(long windowStart, int count) {
    }
}
