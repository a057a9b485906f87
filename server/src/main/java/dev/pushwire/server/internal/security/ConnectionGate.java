package dev.pushwire.server.internal.security;

import dev.pushwire.core.internal.TokenBucket;
import dev.pushwire.server.AbuseLimits;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what each client address holds and opens: open connections per address, HTTP sessions opened per address
 * per minute (a token bucket per address), and HTTP sessions open in all. Thread safe: any event loop may call.
 * Memory: one entry per address with a connection open, and one per address that opened a session in the last
 * minute or so (idle buckets are swept).
 */
final class ConnectionGate {
    private static final int SWEEP_EVERY = 1024;

    private final int perAddress;
    private final int sessionsPerMinute;
    private final int maxSessions;
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> sessionOpens = new ConcurrentHashMap<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicLong calls = new AtomicLong();

    ConnectionGate(AbuseLimits limits, int maxConnections) {
        this.perAddress = limits.maxConnectionsPerIp();
        this.sessionsPerMinute = limits.httpSessionsPerIpPerMinute();
        this.maxSessions = limits.maxHttpSessions() > 0 ? limits.maxHttpSessions() : Math.max(1, maxConnections / 2);
    }

    int maxSessions() {
        return maxSessions;
    }

    /** Takes a connection slot of {@code ip}; false when it holds {@code maxConnectionsPerIp} already. */
    boolean tryOpen(String ip) {
        if (perAddress == 0) {
            return true;
        }
        boolean[] ok = {false};
        open.compute(ip, (k, n) -> {
            AtomicInteger count = n == null ? new AtomicInteger() : n;
            if (count.get() < perAddress) {
                count.incrementAndGet();
                ok[0] = true;
            }
            return count.get() == 0 ? null : count;
        });
        return ok[0];
    }

    /** Gives back a slot taken with {@link #tryOpen}. */
    void closed(String ip) {
        if (perAddress == 0) {
            return;
        }
        open.computeIfPresent(ip, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    /**
     * Counts a session opening by {@code ip}: 0 if allowed, else the seconds until it would be (Retry-After).
     */
    long trySessionOpen(String ip) {
        if (sessionsPerMinute == 0) {
            return 0;
        }
        long now = System.nanoTime();
        if (calls.incrementAndGet() % SWEEP_EVERY == 0) {
            sessionOpens.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    return e.getValue().isFull(now);
                }
            });
        }
        TokenBucket bucket = sessionOpens.computeIfAbsent(ip,
                k -> new TokenBucket(sessionsPerMinute / 60.0, sessionsPerMinute, now));
        synchronized (bucket) {
            return bucket.tryTake(now) ? 0 : bucket.secondsUntilToken(now);
        }
    }

    /** Takes one of the {@code maxHttpSessions} slots; false when all are taken. */
    boolean trySessionSlot() {
        while (true) {
            int n = sessions.get();
            if (n >= maxSessions) {
                return false;
            }
            if (sessions.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives back a session slot. */
    void sessionClosed() {
        sessions.decrementAndGet();
    }
}
