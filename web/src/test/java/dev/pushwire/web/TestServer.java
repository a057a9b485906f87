package dev.pushwire.web;

import dev.pushwire.core.Message;
import dev.pushwire.core.hub.ChannelOptions;
import dev.pushwire.core.hub.Hub;
import dev.pushwire.core.hub.HubOptions;
import dev.pushwire.server.PushwireServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real {@link PushwireServer} on a free loopback port for the browser tests: {@code /echo} (echoes and records what
 * it received), {@code /pushwire} (a hub whose channels anyone may use), pushwire.js at {@code /} and the test
 * harness page at {@code /test/harness.html}. It can be stopped and started again on the same port; what it recorded
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

    /** Guarded by this. */
    private PushwireServer server;
    /** Guarded by this. */
    private int port;

    TestServer() {
        start(0);
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

    /** Starts again on the same port. */
    synchronized void startAgain() {
        start(port);
    }

    @Override
    public synchronized void close() {
        if (server.isRunning()) {
            server.stop();
        }
        hub.close();
    }
}
