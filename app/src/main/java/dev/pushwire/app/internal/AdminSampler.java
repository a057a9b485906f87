package dev.pushwire.app.internal;

import dev.pushwire.core.Connection;
import dev.pushwire.core.hub.ChannelStats;
import dev.pushwire.core.hub.Hub;
import dev.pushwire.server.PushwireServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the node every {@link #INTERVAL_SECONDS} s for the admin page's live figures and charts: connections by
 * transport, messages per second in and out (from the server's meters), event-loop lag, and each channel's
 * publications per second. Keeps the last {@link #KEPT} samples (10 minutes).
 *
 * <p>Threading: samples on its own daemon thread; readers get copies under the lock.
 */
final class AdminSampler implements AutoCloseable {
    static final int INTERVAL_SECONDS = 2;
    static final int KEPT = 300;

    /** One sample. */
    record Sample(long time, int connections, Map<String, Integer> byTransport, double messagesIn,
                  double messagesOut, double lagMillis, double publications) {
    }

    private final PushwireServer server;
    private final Hub hub;
    private final MeterRegistry registry;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pushwire-admin-sampler");
        t.setDaemon(true);
        return t;
    });
    /** Guarded by {@code this}. */
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    /** Guarded by {@code this}: publications per second of each channel, at the last sample. */
    private Map<String, Double> channelRates = Map.of();
    /** Sampler-thread confined. */
    private double lastIn = -1;
    private double lastOut;
    private double lastPublications;
    private long lastTime;
    private Map<String, Long> lastChannelCounts = new HashMap<>();

    AdminSampler(PushwireServer server, Hub hub, MeterRegistry registry) {
        this.server = server;
        this.hub = hub;
        this.registry = registry;
    }

    void start() {
        timer.scheduleAtFixedRate(this::sample, 0, INTERVAL_SECONDS, TimeUnit.SECONDS);
    }

    private void sample() {
        try {
            long now = System.currentTimeMillis();
            Map<String, Integer> byTransport = new TreeMap<>();
            for (String t : List.of("websocket", "sse", "longpolling", "polling")) {
                byTransport.put(t, 0);
            }
            int total = 0;
            for (Connection c : server.connections()) {
                byTransport.merge(c.transport(), 1, Integer::sum);
                total++;
            }
            double in = sum("pushwire.messages.received");
            double out = sum("pushwire.messages.sent");
            double pubs = hub.stats().publications();
            Timer lag = registry.find("pushwire.eventloop.lag").timer();
            double lagMillis = lag == null ? 0 : lag.max(TimeUnit.MILLISECONDS);
            Map<String, Long> counts = new HashMap<>();
            Map<String, Double> rates = new HashMap<>();
            double seconds = lastIn < 0 ? 0 : Math.max(0.001, (now - lastTime) / 1000.0);
            for (ChannelStats c : hub.channelStats()) {
                counts.put(c.name(), c.publications());
                Long before = lastChannelCounts.get(c.name());
                rates.put(c.name(), seconds == 0 || before == null ? 0 : (c.publications() - before) / seconds);
            }
            Sample s = new Sample(now, total, byTransport, seconds == 0 ? 0 : (in - lastIn) / seconds,
                    seconds == 0 ? 0 : (out - lastOut) / seconds, lagMillis,
                    seconds == 0 ? 0 : (pubs - lastPublications) / seconds);
            lastIn = in;
            lastOut = out;
            lastPublications = pubs;
            lastTime = now;
            lastChannelCounts = counts;
            synchronized (this) {
                samples.addLast(s);
                while (samples.size() > KEPT) {
                    samples.removeFirst();
                }
                channelRates = rates;
            }
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(AdminSampler.class).warn("admin sample failed", e);
        }
    }

    private double sum(String name) {
        double total = 0;
        for (FunctionCounter c : registry.find(name).functionCounters()) {
            total += c.count();
        }
        return total;
    }

    /** The samples kept, oldest first. */
    synchronized List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    /** Publications per second of a channel at the last sample (0 if unknown). */
    synchronized double channelRate(String channel) {
        return channelRates.getOrDefault(channel, 0.0);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
