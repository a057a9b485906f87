package dev.pushwire.bench.internal.peer;

import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.server.IoTransport;
import dev.pushwire.server.PushwireServer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pushwire's own server through its public API only, as a user would write the two routes: {@code /echo} sends
 * each message back; every message on {@code /pub} is sent to each connection of {@code /sub} with
 * {@link PushwireServer#broadcast}. Limits raised to
 * let 19,000 idle connections in and 1 MiB messages through; no per-address or message-rate limit, since every
 * benchmark client comes from 127.0.0.1.
 */
final class PushwirePeer implements PeerServer {
    /** The I/O transport's setting name, or null for Pushwire's default. */
    private final String transport;
    private PushwireServer server;

    PushwirePeer(String transport) {
        this.transport = transport;
    }

    @Override
    public void start(int port) throws Exception {
        server = PushwireServer.builder()
                .host("127.0.0.1")
                .port(port)
                .maxConnections(20_000)
                // a benchmark's clients all come from 127.0.0.1 and send as fast as they can
                .abuseLimits(dev.pushwire.server.AbuseLimits.UNLIMITED)
                .ioThreads(PeerServer.ioThreads(0)) // 0: Pushwire's default, one per processor
                .limits(ConnectionLimits.DEFAULT)
                .ioTransport(transport == null ? IoTransport.defaultChoice() : IoTransport.parse(transport))
                .build();
        Set<Connection> subscribers = ConcurrentHashMap.newKeySet();
        server.endpoint("/echo", conn -> conn.onMessage(msg -> conn.send(msg, null)));
        server.endpoint("/sub", conn -> {
            subscribers.add(conn);
            conn.onClose(event -> subscribers.remove(conn));
        });
        // the public fan-out API: one task and one encoding per event loop, not one per subscriber
        server.endpoint("/pub", conn -> conn.onMessage(msg -> PushwireServer.broadcast(msg, subscribers)));
        server.start();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    public String description() {
        String v = PushwireServer.class.getPackage().getImplementationVersion();
        return "Pushwire " + (v == null ? "0.1.0-SNAPSHOT" : v) + " on " + server.ioTransport().settingName();
    }
}
