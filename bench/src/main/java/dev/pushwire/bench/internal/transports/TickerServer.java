package dev.pushwire.bench.internal.transports;

import dev.pushwire.core.Connection;
import dev.pushwire.core.Message;
import dev.pushwire.server.PushwireServer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server side of the transport comparison, run in its own process so that its CPU and memory can be read
 * from /proc: a {@link PushwireServer} on loopback with the demo's {@code /ticker} push on {@code /ticker} (every
 * transport: WebSocket, SSE, long polling, polling) and a control route {@code /bench/publish?rate=R&count=N}
 * that starts sending N messages at R per second to every connection on {@code /ticker} and answers
 * {@code {"first": F}}, the index of the first one. {@code /bench/connections} answers how many are open.
 *
 * <p>A message is {@code {"i":<index>,"t":<epoch microseconds at send>}}, encoded once per publish and shared by
 * every connection. Usage: {@code java -cp pushwire-bench.jar ...TickerServer PORT}; prints {@code listening PORT}.
 *
 * <p>Threading: the publisher runs on one scheduler thread; the watcher set is concurrent.
 */
public final class TickerServer {
    private final Set<Connection> watchers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ticker-publisher");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong nextIndex = new AtomicLong(1);

    /** Starts the server on {@code args[0]} (0 = a free port) and serves until killed. */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        // Every load client comes from 127.0.0.1 through the relay: the per-address and rate limits would cut them.
        PushwireServer server = PushwireServer.builder().host("127.0.0.1").port(port).maxConnections(19_000)
                .abuseLimits(dev.pushwire.server.AbuseLimits.UNLIMITED).build();
        new TickerServer().install(server);
        server.start();
        System.out.println("listening " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** Adds {@code /ticker}, {@code /bench/publish} and {@code /bench/connections} to {@code server}. */
    void install(PushwireServer server) {
        server.endpoint("/ticker", conn -> {
            watchers.add(conn);
            conn.onClose(event -> watchers.remove(conn));
        });
        server.http("/bench/connections", exchange -> exchange.respond(200, "application/json",
                ("{\"open\":" + watchers.size() + "}").getBytes(StandardCharsets.UTF_8)));
        server.http("/bench/publish", exchange -> {
            double rate = Double.parseDouble(exchange.request().queryParams().get("rate").get(0));
            int count = Integer.parseInt(exchange.request().queryParams().get("count").get(0));
            long first = nextIndex.getAndAdd(count);
            publish(first, count, rate);
            exchange.respond(200, "application/json", ("{\"first\":" + first + "}").getBytes(StandardCharsets.UTF_8));
        });
    }

    private void publish(long first, int count, double rate) {
        long periodNanos = Math.max(1, Math.round(1e9 / rate));
        AtomicLong sent = new AtomicLong();
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        Runnable tick = () -> {
            long n = sent.getAndIncrement();
            if (n >= count) {
                synchronized (self) {
                    self[0].cancel(false);
                }
                return;
            }
            Instant now = Instant.now();
            long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
            Message m = Message.encodedText("{\"i\":" + (first + n) + ",\"t\":" + micros + "}");
            for (Connection c : watchers) {
                c.send(m, null);
            }
        };
        synchronized (self) {
            self[0] = publisher.scheduleAtFixedRate(tick, 0, periodNanos, TimeUnit.NANOSECONDS);
        }
    }
}
