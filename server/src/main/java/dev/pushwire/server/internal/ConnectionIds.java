package dev.pushwire.server.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Connection ids, short and readable in logs: a counter in base 36 with a transport prefix, unique in the process
 * ({@code ws-1a}). On a node of a cluster the node's id comes first ({@code n1.ws-1a}), so ids are unique across
 * nodes too: the hub compares them to tell a client from another (its own join/leave), and presence and the admin
 * page show them side by side.
 */
public final class ConnectionIds {
    private static final AtomicLong NEXT = new AtomicLong();

    private ConnectionIds() {
    }

    /** A new id, e.g. {@code ws-1a}. */
    public static String next(String prefix) {
        return prefix + "-" + Long.toString(NEXT.incrementAndGet(), 36);
    }

    /** A new id on node {@code nodeId} ({@code n1.ws-1a}); without a node (null), as {@link #next(String)}. */
    public static String next(String nodeId, String prefix) {
        return nodeId == null ? next(prefix) : nodeId + "." + next(prefix);
    }
}
