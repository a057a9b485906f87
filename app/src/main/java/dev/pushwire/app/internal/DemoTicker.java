package dev.pushwire.app.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's ticker behind {@code /poll/data} and {@code /longpoll/data}: every interval the tick number goes up by
 * one and everyone waiting for the next tick is told. Its text is {@code tick 42 at 2026-11-24T10:31:07Z}.
 *
 * <p>Threading: ticks run on one daemon thread of its own; {@link #current()}, {@link #onNextTick} and the returned
 * cancel handle may be called from any thread. Waiters run on the ticker thread and must not block.
 */
public final class DemoTicker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoTicker.class);

    /** One tick: its number and when it happened. Immutable. */
    public record Tick(long number, Instant at) {
        /** What the demo routes answer, e.g. {@code tick 42 at 2026-11-24T10:31:07Z}. */
        public String text() {
            return "tick " + number + " at " + at;
        }
    }

    private final Clock clock;
    private final ScheduledExecutorService executor;
    /** Written only by the ticker thread; read by any thread. */
    private volatile Tick current;
    /** Waiters for the next tick; added by any thread, drained by the ticker thread. */
    private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();

    /** Told of every tick; added by any thread, called on the ticker thread. */
    private final List<Consumer<Tick>> listeners = new CopyOnWriteArrayList<>();

    /** A waiter and the tick that was current when it came: it gets the first tick after that one. */
    private record Waiter(long after, Consumer<Tick> consumer) {
    }

    /** Starts ticking every {@code interval}; the first tick (number 0) exists at once. */
    public DemoTicker(Duration interval, Clock clock) {
        this.clock = clock;
        this.current = new Tick(0, clock.instant());
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pushwire-demo-ticker");
            t.setDaemon(true);
            return t;
        });
        long nanos = interval.toNanos();
        executor.scheduleAtFixedRate(this::tick, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** The latest tick. */
    public Tick current() {
        return current;
    }

    /**
     * Calls {@code waiter} once with the next tick.
     *
     * @return a handle that forgets the waiter (e.g. when the client went away); harmless after the tick
     */
    public Runnable onNextTick(Consumer<Tick> waiter) {
        Waiter w = new Waiter(current.number(), waiter);
        waiters.add(w);
        return () -> waiters.remove(w);
    }

    /** Calls {@code listener} with every tick from now on (on the ticker thread; it must not block). */
    public void onEveryTick(Consumer<Tick> listener) {
        listeners.add(listener);
    }

    private void tick() {
        Tick next = new Tick(current.number() + 1, clock.instant());
        current = next;
        List<Waiter> early = new ArrayList<>();
        Waiter waiter;
        while ((waiter = waiters.poll()) != null) {
            if (waiter.after() >= next.number()) {
                early.add(waiter); // came in while this tick was being announced: it waits for the next one
                continue;
            }
            try {
                waiter.consumer().accept(next);
            } catch (RuntimeException e) {
                // One broken waiter must not stop the ticker (a RuntimeException would cancel the schedule).
                LOG.warn("tick waiter failed", e);
            }
        }
        waiters.addAll(early);
        for (Consumer<Tick> listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                LOG.warn("tick listener failed", e);
            }
        }
    }

    /** Stops ticking; waiters still queued are never called. */
    @Override
    public void close() {
        executor.shutdownNow();
        waiters.clear();
        listeners.clear();
    }
}
