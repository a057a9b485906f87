package dev.pushwire.server.conformance;

import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.server.IoTransport;
import dev.pushwire.server.PushwireServer;
import dev.pushwire.websocket.DeflateOptions;
import java.util.EnumSet;
import java.util.Set;

/** Pushwire's echo endpoint, in process, on a free loopback port, with the suite's limits. */
final class PushwireEchoTarget implements EchoTarget {
    private static final Set<Promise> PROMISES = EnumSet.allOf(Promise.class);

    private final PushwireServer server;
    private final boolean deflate;

    private PushwireEchoTarget(PushwireServer server, boolean deflate) {
        this.server = server;
        this.deflate = deflate;
    }

    static EchoTarget start(boolean deflate) {
        return start(deflate, IoTransport.defaultChoice());
    }

    /** On {@code transport} (a suite run on each transport: see the {@code *OnEpollConformanceTest} classes). */
    static EchoTarget start(boolean deflate, IoTransport transport) {
        PushwireServer server = PushwireServer.builder()
                .ioTransport(transport)
                .host("127.0.0.1")
                .port(0)
                .limits(ConnectionLimits.builder()
                        .maxMessageBytes(MAX_MESSAGE_BYTES)
                        .maxFrameBytes(MAX_FRAME_BYTES)
                        .build())
                .deflate(deflate ? DeflateOptions.builder().thresholdBytes(0).build() : DeflateOptions.DISABLED)
                .build();
        server.endpoint("/echo", conn -> conn.onMessage(msg -> conn.send(msg, null)));
        server.start();
        return new PushwireEchoTarget(server, deflate);
    }

    @Override
    public String name() {
        return "pushwire";
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public String path() {
        return "/echo";
    }

    @Override
    public boolean promises(Promise promise) {
        return PROMISES.contains(promise);
    }

    @Override
    public boolean deflate() {
        return deflate;
    }

    @Override
    public void close() {
        server.stop();
    }
}
