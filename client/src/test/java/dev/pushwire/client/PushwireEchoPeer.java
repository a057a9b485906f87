package dev.pushwire.client;

import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionListener;
import dev.pushwire.core.Message;
import dev.pushwire.core.CloseEvent;
import dev.pushwire.server.EndpointOptions;
import dev.pushwire.server.PushwireServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Pushwire's own server with an echo endpoint that understands the same commands as the Node echo server, as an
 * {@link EchoPeer}. Report lines are collected in memory in the Node server's format.
 */
final class PushwireEchoPeer implements EchoPeer {
    private final PushwireServer server;
    /** Guarded by {@code this}. */
    private final List<String> lines = new ArrayList<>();
    /** Guarded by {@code this}. */
    private final List<Boolean> taken = new ArrayList<>();

    private PushwireEchoPeer(PushwireServer.Builder builder) {
        server = builder.host("127.0.0.1").port(0)
                .limits(ConnectionLimits.DEFAULT.toBuilder()
                        .maxMessageBytes(32 << 20).maxFrameBytes(32 << 20).maxBufferedBytes(64L << 20).build())
                .build();
        EndpointOptions options = EndpointOptions.builder().subprotocols("chat.v2", "chat.v1").build();
        server.endpoint("/", options, this::onConnection);
        server.start();
    }

    /** Starts a server with an echo endpoint on {@code /} (and every path below it). */
    static PushwireEchoPeer start() {
        return start(PushwireServer.builder());
    }

    /** Starts a server made from {@code builder} (for deflate or TLS settings) with the echo endpoint. */
    static PushwireEchoPeer start(PushwireServer.Builder builder) {
        return new PushwireEchoPeer(builder);
    }

    private synchronized void report(String line) {
        lines.add(line);
        taken.add(false);
        notifyAll();
    }

    private void onConnection(Connection conn) {
        String path = conn.request().uri().toString(); // the request target, query included, as the Node peer reports
        report("open " + path + " " + (conn.protocol().isEmpty() ? "-" : conn.protocol()));
        conn.addListener(new ConnectionListener() {
            @Override
            public void onMessage(Connection c, Message m) {
                if (m.isText() && m.text().startsWith("!")) {
                    command(c, m.text());
                } else {
                    c.send(m, null);
                }
            }

            @Override
            public void onPing(Connection c, byte[] payload) {
                report("ping " + path + " " + new String(payload, StandardCharsets.UTF_8));
            }

            @Override
            public void onPong(Connection c, byte[] payload) {
                String p = new String(payload, StandardCharsets.UTF_8);
                report("pong " + path + " " + p);
                if (!p.isEmpty()) {
                    // an empty pong answers the server's own heartbeat ping, which may come at any time on a slow
                    // machine: echoed as a message it would land between the echoes a test waits for
                    c.send("pong:" + p);
                }
            }

            @Override
            public void onClose(Connection c, CloseEvent e) {
                report("closed " + path + " " + e.code() + " " + e.reason());
            }
        });
    }

    private void command(Connection c, String text) {
        int space = text.indexOf(' ');
        String name = space < 0 ? text : text.substring(0, space);
        String rest = space < 0 ? "" : text.substring(space + 1);
        switch (name) {
            case "!close" -> {
                int sp = rest.indexOf(' ');
                c.close(Integer.parseInt(sp < 0 ? rest : rest.substring(0, sp)), sp < 0 ? "" : rest.substring(sp + 1));
            }
            case "!terminate" -> c.terminate();
            case "!ping" -> c.ping(rest.getBytes(StandardCharsets.UTF_8));
            case "!protocol" -> c.send(c.protocol());
            case "!extensions" -> c.send(String.join(",", c.extensions()));
            case "!send-text" -> c.send(EchoContractTest.text(Integer.parseInt(rest)));
            case "!send-binary" -> c.send(EchoContractTest.bytes(Integer.parseInt(rest)));
            default -> c.send("unknown command " + name);
        }
    }

    @Override
    public URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    /** The server's port. */
    int port() {
        return server.port();
    }

    @Override
    public synchronized String awaitLine(Predicate<String> matcher, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (int i = 0; i < lines.size(); i++) {
                if (!taken.get(i) && matcher.test(lines.get(i))) {
                    taken.set(i, true);
                    return lines.get(i);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching line within " + timeout + "; lines: " + lines);
            }
            try {
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
