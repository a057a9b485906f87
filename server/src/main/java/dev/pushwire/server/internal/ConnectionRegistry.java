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
    /** Set once by a drain; from then on new connections are refused. */
    private volatile boolean draining;
    /** Counts refusals; null without a meter registry. Set once before start. */
    private volatile OperationsMeters operations;

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

    /** Where refusals are counted (the server's operations meters). */
    public void operations(OperationsMeters operations) {
        this.operations = operations;
    }

    /** From now on new connections are refused ({@link #refuseIfDraining()}); there is no way back. */
    public void startDraining() {
        draining = true;
    }

    /** Whether a drain started. */
    public boolean isDraining() {
        return draining;
    }

    /**
     * True (and counted as refused) when the server is draining: the caller answers 503 {@code draining} instead of
     * opening a connection.
     */
    public boolean refuseIfDraining() {
        if (!draining) {
            return false;
        }
        OperationsMeters o = operations;
        if (o != null) {
            o.refused(false);
        }
        return true;
    }

    /** Takes a slot for a connection about to open; false (counted as refused) when the server is full. */
    public boolean tryReserve() {
        while (true) {
            int n = slots.get();
            if (n >= maxConnections) {
                OperationsMeters o = operations;
                if (o != null) {
                    o.refused(true);
                }
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
