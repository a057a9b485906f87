package dev.pushwire.bench.internal.cluster;

import dev.pushwire.bench.internal.load.ClientFrames;
import dev.pushwire.bench.internal.load.WsConnection;
import dev.pushwire.bench.internal.load.WsLoadClient;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The cluster benchmark's load generator, in the harness process: {@code subscribers} WebSocket connections spread
 * round-robin over the nodes (subscriber i on node i mod nodes, channel i mod channels, so every channel has
 * subscribers on every node) and {@code publishers} connections (publisher p on node p mod nodes). In a
 * {@link #step}, each publisher sends {@code rate / publishers} messages per second for the window, message s of
 * publisher p going to channel (s + p) mod channels with {@code {"p":p,"s":s,"t":<send time, µs>}}; every subscriber
 * counts what it gets per publisher and sequence number (lost, duplicated, misrouted) and records publish→deliver
 * latency from the timestamp (the generator's own clock on both ends).
 *
 * <p>Threading: connections live on the client's event loops; {@link #open} and {@link #step} are called by one
 * harness thread; the counters they read are concurrent.
 */
final class ClusterLoad implements AutoCloseable {
    /** Messages are ~150 bytes; this keeps them whole. */
    private static final int PREFIX_BYTES = 1024;
    private static final long MAX_LATENCY_MICROS = 300_000_000L;

    /** What one step counted. Latencies in microseconds. */
    record Counts(long expected, long delivered, long duplicated, long misrouted, long publishErrors, long closed,
                  Histogram latency, double seconds, double deliveriesPerSecond, double loopMaxCpuPct) {
    }

    private final Dialect dialect;
    private final List<Integer> ports;
    private final int channels;
    private final WsLoadClient client;
    private final long baseNanos = System.nanoTime();
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final List<Publisher> publishers = new ArrayList<>();
    private final LongAdder closed = new LongAdder();
    private final LongAdder publishErrors = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Step> current = new AtomicReference<>();
    private final List<Long> loopThreads = new ArrayList<>();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    ClusterLoad(Dialect dialect, List<Integer> ports, int channels, int clientThreads) {
        this.dialect = dialect;
        this.ports = List.copyOf(ports);
        this.channels = channels;
        this.client = new WsLoadClient(ports.get(0), clientThreads, PREFIX_BYTES);
        for (EventExecutor loop : client.group()) {
            try {
                loopThreads.add(loop.submit(() -> Thread.currentThread().getId()).get());
            } catch (Exception e) {
                throw new IllegalStateException("cannot reach the load generator's event loop", e);
            }
        }
    }

    static String channelName(int c) {
        return "bench:" + c;
    }

    /** Connects {@code subscriberCount} subscribers and {@code publisherCount} publishers; returns when all are ready. */
    void open(int subscriberCount, int publisherCount, Duration timeout) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(subscriberCount + publisherCount);
        Semaphore inFlight = new Semaphore(100);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int p = 0; p < publisherCount; p++) {
            Publisher pub = new Publisher(p, ready);
            publishers.add(pub);
            client.connect(ports.get(p % ports.size()), dialect.path(null), pub);
        }
        for (int i = 0; i < subscriberCount; i++) {
            if (!inFlight.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            checkNoProblem();
            Subscriber sub = new Subscriber(i % channels, ready, inFlight);
            subscribers.add(sub);
            client.connect(ports.get(i % ports.size()), dialect.path(channelName(sub.channel)), sub);
        }
        while (!ready.await(200, TimeUnit.MILLISECONDS)) {
            checkNoProblem();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(ready.getCount() + " of " + (subscriberCount + publisherCount)
                        + " connections were not ready (" + dialect + " subscribed/connected) within " + timeout);
            }
        }
        checkNoProblem();
    }

    private void checkNoProblem() {
        String p = problems.peek();
        if (p != null) {
            throw new IllegalStateException(p);
        }
    }

    /** Subscribes the server answered {@code internal} (try again) to, and that were sent again. */
    long subscribeRetries() {
        return retries.sum();
    }

    /** Problems seen so far (closed connections, refused commands), at most a few. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /**
     * One measured step: publishes for {@code window} at {@code rate} messages per second in all, then waits up to
     * {@code drain} for every delivery, and returns what was counted.
     */
    Counts step(double rate, Duration window, Duration drain) throws Exception {
        int pubs = publishers.size();
        double perPublisher = rate / pubs;
        long count = Math.max(1, Math.round(perPublisher * window.toNanos() / 1e9));
        long[] first = new long[pubs];
        long[] counts = new long[pubs];
        for (int p = 0; p < pubs; p++) {
            first[p] = publishers.get(p).nextSeq;
            counts[p] = count;
            publishers.get(p).nextSeq += count;
        }
        long[] perChannel = new long[channels];
        for (int p = 0; p < pubs; p++) {
            for (long s = first[p]; s < first[p] + counts[p]; s++) {
                perChannel[(int) ((s + p) % channels)]++;
            }
        }
        long expected = 0;
        for (Subscriber sub : subscribers) {
            expected += perChannel[sub.channel];
        }
        Step step = new Step(first, counts);
        current.set(step);
        long closedBefore = closed.sum();
        long errorsBefore = publishErrors.sum();
        long[] loopCpu0 = loopCpu();
        long start = System.nanoTime();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int p = 0; p < pubs; p++) {
            done.add(publishers.get(p).publish(step, perPublisher));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                .get(window.toMillis() * 3 + 30_000, TimeUnit.MILLISECONDS);
        long drainDeadline = System.nanoTime() + drain.toNanos();
        while (step.delivered.sum() < expected && System.nanoTime() < drainDeadline) {
            Thread.sleep(20);
        }
        long end = System.nanoTime();
        long[] loopCpu1 = loopCpu();
        double loopMax = 0;
        for (int i = 0; i < loopCpu0.length; i++) {
            loopMax = Math.max(loopMax, 100.0 * (loopCpu1[i] - loopCpu0[i]) / (end - start));
        }
        Histogram latency = step.latency.getIntervalHistogram();
        long delivered = step.delivered.sum();
        long last = step.lastArrival.get();
        double busySeconds = Math.max(window.toNanos(), (last == 0 ? end : last) - start) / 1e9;
        current.set(null);
        return new Counts(expected, delivered, step.duplicated.sum(), step.misrouted.sum(),
                publishErrors.sum() - errorsBefore, closed.sum() - closedBefore, latency, (end - start) / 1e9,
                delivered / busySeconds, loopMax);
    }

    /** CPU time of the generator's event loop threads so far, nanoseconds. */
    private long[] loopCpu() {
        long[] t = new long[loopThreads.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = threads.getThreadCpuTime(loopThreads.get(i));
        }
        return t;
    }

    private long nowMicros() {
        return (System.nanoTime() - baseNanos) / 1000;
    }

    private static void send(WsConnection conn, byte[] text) {
        conn.write(ClientFrames.encode(conn.channel().alloc(), ClientFrames.TEXT, text, conn.maskKey()));
        if (!conn.inRead()) {
            conn.flush();
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** The counters of one step; any thread. */
    private final class Step {
        final long[] first;
        final long[] count;
        final LongAdder delivered = new LongAdder();
        final LongAdder duplicated = new LongAdder();
        final LongAdder misrouted = new LongAdder();
        final LongAccumulator lastArrival = new LongAccumulator(Math::max, 0);
        final Recorder latency = new Recorder(1, MAX_LATENCY_MICROS, 3);

        Step(long[] first, long[] count) {
            this.first = first;
            this.count = count;
        }
    }

    /** A subscriber of one channel. Event loop only, except {@link #channel}. */
    private final class Subscriber implements WsConnection.Listener {
        final int channel;
        final String channelName;
        private final CountDownLatch ready;
        private Semaphore inFlight;
        private Step step;
        private BitSet[] seen;

        Subscriber(int channel, CountDownLatch ready, Semaphore inFlight) {
            this.channel = channel;
            this.channelName = channelName(channel);
            this.ready = ready;
            this.inFlight = inFlight;
        }

        @Override
        public void onOpen(WsConnection conn) {
            byte[] hello = dialect.onOpen(channelName);
            if (hello != null) {
                send(conn, hello);
            }
        }

        @Override
        public void onMessage(WsConnection conn, int opcode, long length, byte[] text, int textLength) {
            if (opcode != ClientFrames.TEXT) {
                return;
            }
            if (length > textLength) {
                problems.add("a message of " + length + " bytes, longer than the generator reads (" + PREFIX_BYTES + ")");
                return;
            }
            Dialect.Answer a = dialect.onText(text, textLength, channelName);
            if (a.reply() != null) {
                send(conn, a.reply());
            }
            switch (a.kind()) {
                case READY -> {
                    ready.countDown();
                    releaseSlot();
                }
                case DELIVERY -> deliver(text, textLength);
                case RETRY -> retries.increment();
                case ERROR -> problems.add("subscriber of " + channelName + " got an error: "
                        + new String(text, 0, textLength, StandardCharsets.UTF_8));
                default -> {
                }
            }
        }

        private void deliver(byte[] text, int length) {
            Step st = current.get();
            if (st == null) {
                return;
            }
            long p = Bytes.numberAfter(text, length, Bytes.P);
            long s = Bytes.numberAfter(text, length, Bytes.S);
            long t = Bytes.numberAfter(text, length, Bytes.T);
            if (p < 0 || p >= st.first.length || s < 0 || t < 0) {
                st.misrouted.increment();
                return;
            }
            int pi = (int) p;
            long idx = s - st.first[pi];
            if (idx < 0 || idx >= st.count[pi]) {
                return; // a late delivery of an earlier step
            }
            if ((s + p) % channels != channel) {
                st.misrouted.increment();
                return;
            }
            if (step != st) {
                step = st;
                seen = new BitSet[st.first.length];
            }
            if (seen[pi] == null) {
                seen[pi] = new BitSet((int) st.count[pi]);
            }
            if (seen[pi].get((int) idx)) {
                st.duplicated.increment();
                return;
            }
            seen[pi].set((int) idx);
            st.delivered.increment();
            st.latency.recordValue(Math.max(1, Math.min(MAX_LATENCY_MICROS, nowMicros() - t)));
            st.lastArrival.accumulate(System.nanoTime());
        }

        private void releaseSlot() {
            if (inFlight != null) {
                inFlight.release();
                inFlight = null;
            }
        }

        @Override
        public void onClose(WsConnection conn, String cause) {
            closed.increment();
            releaseSlot();
            problems.add("a subscriber of " + channelName + " closed: " + cause);
        }
    }

    /** A publisher connection. Event loop only, except {@link #nextSeq} (harness thread, between steps). */
    private final class Publisher implements WsConnection.Listener {
        final int index;
        private final CountDownLatch ready;
        long nextSeq = 1;
        private long commandId = 3;
        private WsConnection conn;

        Publisher(int index, CountDownLatch ready) {
            this.index = index;
            this.ready = ready;
        }

        @Override
        public void onOpen(WsConnection c) {
            conn = c;
            byte[] hello = dialect.onOpen(null);
            if (hello != null) {
                send(c, hello);
            }
        }

        @Override
        public void onMessage(WsConnection c, int opcode, long length, byte[] text, int textLength) {
            if (opcode != ClientFrames.TEXT) {
                return;
            }
            Dialect.Answer a = dialect.onText(text, Math.min(textLength, (int) length), null);
            if (a.reply() != null) {
                send(c, a.reply());
            }
            if (a.kind() == Dialect.Kind.READY) {
                ready.countDown();
            } else if (a.kind() == Dialect.Kind.ERROR) {
                publishErrors.increment();
                if (publishErrors.sum() <= 3) {
                    problems.add("publisher " + index + " got an error: "
                            + new String(text, 0, textLength, StandardCharsets.UTF_8));
                }
            }
        }

        @Override
        public void onClose(WsConnection c, String cause) {
            closed.increment();
            problems.add("publisher " + index + " closed: " + cause);
        }

        /** Sends this publisher's share of {@code step} at {@code rate} per second; completes when all are written. */
        CompletableFuture<Void> publish(Step step, double rate) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            long first = step.first[index];
            long count = step.count[index];
            conn.channel().eventLoop().execute(() -> {
                long t0 = System.nanoTime();
                long[] sent = {0};
                @SuppressWarnings("unchecked")
                ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
                Runnable tick = () -> {
                    if (done.isDone()) {
                        return;
                    }
                    long due = Math.min(count, 1 + (long) ((System.nanoTime() - t0) * rate / 1e9));
                    boolean wrote = false;
                    while (sent[0] < due) {
                        long s = first + sent[0];
                        int ch = (int) ((s + index) % channels);
                        conn.write(ClientFrames.encode(conn.channel().alloc(), ClientFrames.TEXT,
                                dialect.publish(channelName(ch), index, s, nowMicros(), commandId++), conn.maskKey()));
                        sent[0]++;
                        wrote = true;
                    }
                    if (wrote) {
                        conn.flush();
                    }
                    if (sent[0] == count) {
                        done.complete(null);
                        if (self[0] != null) {
                            self[0].cancel(false);
                        }
                    }
                };
                self[0] = conn.channel().eventLoop().scheduleAtFixedRate(tick, 0, 1, TimeUnit.MILLISECONDS);
            });
            return done;
        }
    }
}
