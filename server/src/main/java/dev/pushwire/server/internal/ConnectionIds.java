package dev.pushwire.server.internal;

import java.util.concurrent.atomic.AtomicLong;

/** Process-wide unique connection ids (short, readable in logs): a counter in base 36 with a transport prefix. */
public final class ConnectionIds {
    private static final AtomicLong NEXT = new AtomicLong();

    private ConnectionIds() {
    }

    /** A new id, e.g. {@code ws-1a}. */
    public static String next(String prefix) {
        return prefix + "-" + Long.toString(NEXT.incrementAndGet(), 36);
    }
}
