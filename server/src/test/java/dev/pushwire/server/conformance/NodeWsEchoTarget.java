package dev.pushwire.server.conformance;

import dev.pushwire.testkit.NodeProcess;
import dev.pushwire.testkit.NodeProject;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Node's {@code ws} echo server ({@code testkit/node/conformance-echo-server.js}) as a reference peer, started with
 * the suite's message limit. It promises nothing beyond RFC 6455's MUSTs.
 */
final class NodeWsEchoTarget implements EchoTarget {
    private static final Set<Promise> PROMISES = EnumSet.noneOf(Promise.class);

    private final NodeProcess process;
    private final int port;
    private final boolean deflate;

    private NodeWsEchoTarget(NodeProcess process, int port, boolean deflate) {
        this.process = process;
        this.port = port;
        this.deflate = deflate;
    }

    static NodeWsEchoTarget start(boolean deflate) {
        String options = "{\"maxPayload\":" + MAX_MESSAGE_BYTES + ",\"perMessageDeflate\":"
                + (deflate ? "{\"threshold\":0}" : "false") + "}";
        NodeProcess process = NodeProject.start("conformance-echo-server.js", options);
        try {
            return new NodeWsEchoTarget(process, process.awaitListeningPort(Duration.ofSeconds(20)), deflate);
        } catch (RuntimeException | Error e) {
            process.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "ws";
    }

    @Override
    public int port() {
        return port;
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
        process.close();
    }
}
