package dev.pushwire.bench.internal.scenario;

import dev.pushwire.bench.internal.load.WsConnection;
import dev.pushwire.bench.internal.load.WsLoadClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens many WebSocket connections with a bounded number of upgrades in progress, and says how long it took and
 * what failed. One use per instance; {@link #open} from the harness thread, callbacks on event loops.
 */
final class Connector implements WsConnection.Listener {
    /** The outcome: the open connections, failures by cause, and the time from first connect to last outcome. */
    record Opened(List<WsConnection> connections, Map<String, Integer> failures, long nanos) {
        int failureCount() {
            return failures.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final WsLoadClient client;
    private final String path;
    private final int count;
    private final WsConnection.Listener listener;
    private final AtomicInteger started = new AtomicInteger();
    private final CountDownLatch done;
    private final ConcurrentLinkedQueue<WsConnection> opened = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    private Connector(WsLoadClient client, String path, int count, WsConnection.Listener listener) {
        this.client = client;
        this.path = path;
        this.count = count;
        this.listener = listener;
        this.done = new CountDownLatch(count);
    }

    /** Opens {@code count} connections to {@code path}, {@code concurrency} at a time, waiting up to {@code timeout}. */
    static Opened open(WsLoadClient client, String path, int count, int concurrency, Duration timeout,
                       WsConnection.Listener listener) throws InterruptedException {
        Connector c = new Connector(client, path, count, listener);
        long start = System.nanoTime();
        for (int i = 0; i < Math.min(concurrency, count); i++) {
            c.next();
        }
        if (!c.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            c.failures.merge("timed out after " + timeout.toSeconds() + " s", (int) c.done.getCount(), Integer::sum);
        }
        long nanos = System.nanoTime() - start;
        return new Opened(new ArrayList<>(c.opened), Map.copyOf(c.failures), nanos);
    }

    private void next() {
        if (started.getAndIncrement() >= count) {
            return;
        }
        client.connect(path, this).addListener(f -> {
            if (!f.isSuccess()) {
                failed("connect: " + f.cause().getClass().getSimpleName() + " " + f.cause().getMessage());
            }
        });
    }

    private void failed(String cause) {
        failures.merge(cause, 1, Integer::sum);
        done.countDown();
        next();
    }

    @Override
    public void onOpen(WsConnection conn) {
        opened.add(conn);
        listener.onOpen(conn);
        done.countDown();
        next();
    }

    @Override
    public void onMessage(WsConnection conn, int opcode, long length, byte[] prefix, int prefixLength) {
        listener.onMessage(conn, opcode, length, prefix, prefixLength);
    }

    @Override
    public void onClose(WsConnection conn, String cause) {
        if (!conn.everOpened()) {
            failed(cause);
        }
        listener.onClose(conn, cause);
    }
}
