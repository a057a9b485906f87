package dev.pushwire.core.internal.session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A scheduler whose clock only moves when the test calls {@link #advance}; tasks run on the test's thread. */
final class ManualScheduler implements SessionScheduler {
    private final List<Task> tasks = new ArrayList<>();
    private long now;
    private long order;

    @Override
    public long nowMillis() {
        return now;
    }

    @Override
    public boolean inThread() {
        return true;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(new Task(now, order++, task));
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        Task t = new Task(now + delayMillis, order++, task);
        tasks.add(t);
        return () -> tasks.remove(t);
    }

    /** Runs every task due now (and those they queue for now). */
    void runDue() {
        advance(0);
    }

    /** Moves the clock forward, running tasks as their time comes. */
    void advance(long millis) {
        long until = now + millis;
        while (true) {
            Task next = tasks.stream().filter(t -> t.due <= until)
                    .min(Comparator.comparingLong(Task::due).thenComparingLong(Task::order)).orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            now = Math.max(now, next.due);
            next.run.run();
        }
        now = until;
    }

    int pending() {
        return tasks.size();
    }

    private record Task(long due, long order, Runnable run) {
    }
}
