package dev.pushwire.web;

import dev.pushwire.core.Message;
import dev.pushwire.core.hub.ChannelOptions;
import dev.pushwire.core.hub.Hub;
import dev.pushwire.core.hub.HubOptions;
import dev.pushwire.server.HmacJwtTokens;
import dev.pushwire.server.PushwireServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A real {@link PushwireServer} on a free loopback port for the browser tests: {@code /echo} (echoes and records what
 * it received), {@code /pushwire} (a hub whose channels anyone may use), pushwire.js at {@code /} and the test
 * harness page at {@code /test/harness.html}; and, for the demo pages, a ticker (every 250 ms) behind
 * {@code /poll/data}, {@code /longpoll/data} and {@code /ticker} (pushed to every connection, any transport). It can be stopped and started again on the same port; what it recorded
 * and the hub (with its history) outlive a restart, so tests can check "nothing lost, nothing duplicated" across it.
 *
 * <p>Threading: the recorders are thread-safe (the server's event loops write them, the test reads them).
 */
final class TestServer implements AutoCloseable {
    /** Every message {@code /echo} received, in arrival order, text as is and binary as {@code bin:1,2,3}. */
    final List<String> received = Collections.synchronizedList(new ArrayList<>());
    /** The transport of every connection {@code /echo} got. */
    final Set<String> transports = ConcurrentHashMap.newKeySet();
    /** How many connections (WebSocket or HTTP sessions) {@code /echo} got. */
    final AtomicInteger connections = new AtomicInteger();
    final Hub hub = Hub.create(HubOptions.builder()
            .defaultChannelOptions(ChannelOptions.builder().allowAnonymous(true).historySize(1000).build())
            .build());

    /** Signs the tokens of {@code /pushwire-auth}, a hub that admits only clients with a token. */
    final HmacJwtTokens tokens = HmacJwtTokens.withSecret("a test secret that is long enough for HS256 signing");
    /** How many tokens {@code GET /token?ttl=SECONDS} issued. */
    final AtomicInteger tokensIssued = new AtomicInteger();
    final Hub authHub = Hub.create(HubOptions.builder().tokenVerifier(tokens).build());

    /** Connections to {@code /ticker}; added and removed on event loops, read by the ticker thread. */
    private final Set<dev.pushwire.core.Connection> tickerConnections = ConcurrentHashMap.newKeySet();
    /** Held long polls waiting for the next tick; added by event loops, drained by the ticker thread. */
    private final ConcurrentLinkedQueue<Consumer<String>> longPolls = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    /** Written by the ticker thread only. */
    private volatile String tick = "tick 0 at " + Instant.now();
    private long tickNumber;

    /** Guarded by this. */
    private PushwireServer server;
    /** Guarded by this. */
    private int port;

    TestServer() {
        start(0);
        ticker.scheduleAtFixedRate(this::tick, 250, 250, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        tick = "tick " + (++tickNumber) + " at " + Instant.now();
        for (dev.pushwire.core.Connection c : tickerConnections) {
            c.send(tick);
        }
        Consumer<String> waiter;
        while ((waiter = longPolls.poll()) != null) {
            waiter.accept(tick);
        }
    }

    private synchronized void start(int wanted) {
        server = PushwireServer.builder().host("127.0.0.1").port(wanted)
                .shutdownTimeout(Duration.ofSeconds(3)).build();
        server.endpoint("/echo", conn -> {
            connections.incrementAndGet();
            transports.add(conn.transport());
            conn.onMessage(msg -> {
                received.add(describe(msg));
                conn.send(msg, null);
            });
        });
        server.endpoint("/pushwire", hub::accept);
        server.endpoint("/pushwire-auth", authHub::accept);
        server.http("/token", exchange -> {
            long ttl = Long.parseLong(exchange.request().queryParams().getOrDefault("ttl", List.of("60")).get(0));
            tokensIssued.incrementAndGet();
            exchange.respond(200, "text/plain", tokens.issue("alice", Duration.ofSeconds(ttl))
                    .getBytes(StandardCharsets.UTF_8));
        });
        server.endpoint("/ticker", conn -> {
            tickerConnections.add(conn);
            conn.onClose(event -> tickerConnections.remove(conn));
        });
        server.http("/poll/data", exchange -> exchange.respond(200, "text/plain", tick.getBytes(StandardCharsets.UTF_8)));
        server.http("/longpoll/data", exchange ->
                longPolls.add(t -> exchange.respond(200, "text/plain", t.getBytes(StandardCharsets.UTF_8))));
        server.staticResources("/", "pushwire/web");
        server.staticResources("/test", "pushwire-test");
        server.start();
        port = server.port();
    }

    static String describe(Message msg) {
        if (msg.isText()) {
            return msg.text();
        }
        StringBuilder s = new StringBuilder("bin:");
        byte[] bytes = msg.bytes();
        for (int i = 0; i < bytes.length; i++) {
            s.append(i == 0 ? "" : ",").append(bytes[i] & 0xff);
        }
        return s.toString();
    }

    synchronized int port() {
        return port;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    synchronized void stop() {
        server.stop();
    }

    /** Drains the running server (see {@code PushwireServer.drain}). */
    synchronized java.util.concurrent.CompletableFuture<Void> drain(Duration period) {
        return server.drain(period);
    }

    /** Starts again on the same port. */
    synchronized void startAgain() {
        start(port);
    }

    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        if (server.isRunning()) {
            server.stop();
        }
        hub.close();
        authHub.close();
    }
}
