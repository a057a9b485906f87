package dev.pushwire.bench.internal.transports;

import java.time.Duration;

/**
 * The part every in-process client set shares: the current window's {@link Deliveries}, and waiting for it to
 * fill. Subclasses call {@link #deliver} from their I/O threads.
 */
abstract class JavaClients implements LoadClients {
    /** The window being recorded; written by the harness thread, read by I/O threads. */
    private volatile Deliveries window = new Deliveries(1, Long.MAX_VALUE - 1, 0);
    /** Set by {@link #open}; harness thread. */
    int clients;

    final void deliver(int client, String text) {
        window.deliver(client, text, Deliveries.nowMicros());
    }

    @Override
    public void begin(long first, int count) {
        window = new Deliveries(clients, first, count);
    }

    @Override
    public WindowResult finish(Duration drain) throws InterruptedException {
        Deliveries d = window;
        long deadline = System.nanoTime() + drain.toNanos();
        while (d.delivered() < d.expected() && System.nanoTime() < deadline) {
            Thread.sleep(20); // a polling wait for a bound: the harness has nothing else to do
        }
        var h = d.latency();
        return new WindowResult(d.expected(), d.delivered(), d.duplicated(),
                h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getMaxValue());
    }

    @Override
    public long clientPid() {
        return ProcessHandle.current().pid();
    }
}
