package dev.pushwire.server.internal;

import dev.pushwire.core.Connection;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open connections of one server, and the slot count that enforces {@code maxConnections}. Thread safe:
 * slots are reserved atomically before a handshake completes, so a burst of upgrades cannot overshoot the limit.
 */
public final class ConnectionRegistry {
    private final int maxConnections;
    private final ServerMeters meters;
    private final AtomicInteger slots = new AtomicInteger();
    private final Map<String, Connection> open = new ConcurrentHashMap<>();
    private final Collection<Connection> view = Collections.unmodifiableCollection(open.values());

    public ConnectionRegistry(int maxConnections) {
        this(maxConnections, ServerMeters.NONE);
    }

    /** A registry that reports opens and closes to {@code meters}. */
    public ConnectionRegistry(int maxConnections, ServerMeters meters) {
        this.maxConnections = maxConnections;
        this.meters = meters;
    }

    /** The server's meters ({@link ServerMeters#NONE} without a registry). */
    public ServerMeters meters() {
        return meters;
    }

    /** Takes a slot for a connection about to open; false when the server is full. */
    public boolean tryReserve() {
        while (true) {
            int n = slots.get();
            if (n >= maxConnections) {
                return false;
            }
            if (slots.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives back a slot reserved for a handshake that did not complete. */
    public void release() {
        slots.decrementAndGet();
    }

    /** Adds an open connection (its slot was reserved); removed with {@link #remove}. */
    public void add(Connection c) {
        if (open.put(c.id(), c) == null) {
            meters.opened(c.transport());
        }
    }

    /** Removes a connection that never opened, keeping its slot (the caller releases it). */
    public void forget(Connection c) {
        if (open.remove(c.id()) != null) {
            meters.forgotten(c.transport());
            wakeWaitersIfEmpty();
        }
    }

    /** Removes a connection closed with {@code closeCode} and frees its slot. */
    public void remove(Connection c, int closeCode) {
        if (open.remove(c.id()) != null) {
            meters.closed(c.transport(), closeCode);
            slots.decrementAndGet();
            wakeWaitersIfEmpty();
        }
    }

    private synchronized void wakeWaitersIfEmpty() {
        if (open.isEmpty()) {
            notifyAll();
        }
    }

    /** A live read-only view. */
    public Collection<Connection> view() {
        return view;
    }

    /** Waits until no connection is open or {@code timeout} passed; true if empty. */
    public synchronized boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!open.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
