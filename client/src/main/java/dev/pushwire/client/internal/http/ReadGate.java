package dev.pushwire.client.internal.http;

/**
 * Whether the receive loop of an {@link HttpSessionClient} may take more from the server: closed by
 * {@code pauseReading()}, opened by {@code resumeReading()}. The loop waits at the gate before each poll and after
 * each SSE event, so the server keeps what we do not read (and applies its own limits to it).
 *
 * <p>Thread safe: guarded by this.
 */
final class ReadGate {
    private boolean paused;

    synchronized void pause() {
        paused = true;
    }

    synchronized void resume() {
        paused = false;
        notifyAll();
    }

    synchronized boolean isPaused() {
        return paused;
    }

    /** Blocks while paused. */
    synchronized void awaitOpen() throws InterruptedException {
        while (paused) {
            wait();
        }
    }
}
