package dev.pushwire.bench.internal.transports;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one publisher of a cell: a WebSocket straight to the peer (not through the relay) on {@code /pub}, or to the
 * hub on {@code /pushwire} ({@code connect}, then a {@code publish} command per message to
 * {@link TransportSystem#HUB_CHANNEL}), sending {@link #MESSAGE_BYTES}-byte JSON texts
 * {@code {"i":<index>,"t":<epoch microseconds at send>,"p":"xx.."}} at a fixed rate. Harness thread plus one
 * scheduler thread; one send in flight at a time.
 */
final class Publisher implements AutoCloseable {
    /** The size of every published text, as the measurement used. */
    static final int MESSAGE_BYTES = 60;

    private final WebSocket ws;
    private final boolean hub;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "publisher");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong commandId = new AtomicLong(1);
    private final StringBuilder replies = new StringBuilder();

    Publisher(int serverPort, boolean hub) throws Exception {
        this.hub = hub;
        ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://127.0.0.1:" + serverPort + (hub ? "/pushwire" : "/pub")),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                                synchronized (replies) {
                                    if (replies.length() < 4096 && data.toString().contains("\"error\"")) {
                                        replies.append(data).append('\n');
                                    }
                                }
                                w.request(1);
                                return null;
                            }
                        }).get(20, TimeUnit.SECONDS);
        if (hub) {
            ws.sendText("{\"id\":" + commandId.getAndIncrement() + ",\"type\":\"connect\"}", true).get(10, TimeUnit.SECONDS);
        }
    }

    /** The text of message {@code index} sent at {@code micros}: exactly {@link #MESSAGE_BYTES} bytes. */
    static String text(long index, long micros) {
        String head = "{\"i\":" + index + ",\"t\":" + micros + ",\"p\":\"";
        int pad = Math.max(0, MESSAGE_BYTES - head.length() - 2);
        return head + "x".repeat(pad) + "\"}";
    }

    /** Sends messages {@code first .. first+count-1} at {@code rate} a second; completes after the last send. */
    CompletableFuture<Void> publish(long first, int count, double rate) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicLong sent = new AtomicLong();
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        Runnable tick = () -> {
            long n = sent.getAndIncrement();
            if (n >= count) {
                synchronized (self) {
                    self[0].cancel(false);
                }
                done.complete(null);
                return;
            }
            Instant now = Instant.now();
            String text = text(first + n, now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000);
            String frame = hub ? "{\"id\":" + commandId.getAndIncrement() + ",\"type\":\"publish\",\"channel\":\""
                    + TransportSystem.HUB_CHANNEL + "\",\"data\":" + text + "}" : text;
            try {
                ws.sendText(frame, true).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                done.completeExceptionally(e);
                synchronized (self) {
                    self[0].cancel(false);
                }
            }
        };
        synchronized (self) {
            self[0] = timer.scheduleAtFixedRate(tick, 0, Math.max(1, Math.round(1e9 / rate)), TimeUnit.NANOSECONDS);
        }
        return done;
    }

    /** Error replies the hub sent (e.g. rate_limited), for the problems list; empty on {@code /pub}. */
    String errors() {
        synchronized (replies) {
            return replies.toString().trim();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        ws.abort();
    }
}
