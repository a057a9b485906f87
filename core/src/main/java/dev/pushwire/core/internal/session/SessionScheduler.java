package dev.pushwire.core.internal.session;

/**
 * The single thread a {@link Session} is confined to, with its clock and timers. In the server it is the session's
 * Netty event loop; in tests a manual scheduler whose time only moves when the test says, so no test sleeps.
 */
public interface SessionScheduler {

    /** Milliseconds on a monotonic clock (not wall time). */
    long nowMillis();

    /** Whether the caller runs on this scheduler's thread. */
    boolean inThread();

    /** Runs {@code task} on this scheduler's thread, after the task running now. */
    void execute(Runnable task);

    /**
     * The thread this scheduler runs on, as an identity: two schedulers with the same one run on the same thread (in
     * the server, the event loop), so a broadcast hands one task to each thread, not one to each session.
     */
    default Object thread() {
        return this;
    }

    /** Runs {@code task} on this scheduler's thread after {@code delayMillis}. */
    Cancellable schedule(Runnable task, long delayMillis);

    /** A scheduled task that may still be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not run yet; does nothing otherwise. */
        void cancel();
    }
}
