package dev.pushwire.core.internal.session;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The client messages (POSTs) a session holds while its reading is paused: each is applied, in order, when reading
 * resumes, or refused (the transport answers 429 {@code reading_paused}, and the client sends it again) when it was
 * held for longer than the session's hold time, when more than {@link #MAX_HELD} wait, or when the session closes
 * before the resume (then the close answers it).
 *
 * <p>Threading: confined to the session's thread.
 */
final class HeldPosts {
    /** A client sends one POST at a time; a few more only after timeouts of its own. */
    static final int MAX_HELD = 4;

    private record Held(Runnable apply, Runnable refuse, SessionScheduler.Cancellable timer) {
    }

    private final SessionScheduler scheduler;
    private final Deque<Held> held = new ArrayDeque<>(1);

    HeldPosts(SessionScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Holds {@code apply} until {@link #releaseAll()}; {@code refuse} runs instead if it waits past {@code holdMillis}. */
    void hold(Runnable apply, Runnable refuse, long holdMillis) {
        if (held.size() >= MAX_HELD) {
            refuse.run();
            return;
        }
        Held[] self = new Held[1];
        SessionScheduler.Cancellable timer = scheduler.schedule(() -> {
            if (held.remove(self[0])) {
                refuse.run();
            }
        }, holdMillis);
        self[0] = new Held(apply, refuse, timer);
        held.add(self[0]);
    }

    /** Applies every held POST, oldest first. */
    void releaseAll() {
        Held h;
        while ((h = held.poll()) != null) {
            h.timer().cancel();
            h.apply().run();
        }
    }

    boolean isEmpty() {
        return held.isEmpty();
    }
}
