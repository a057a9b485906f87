package dev.pushwire.client;

import dev.pushwire.testkit.NodeProcess;
import dev.pushwire.testkit.NodeProject;
import java.net.URI;
import java.time.Duration;
import java.util.function.Predicate;

/** The Node {@code ws} echo server of the testkit, as an {@link EchoPeer}. */
final class NodeEchoPeer implements EchoPeer {
    private final NodeProcess process;
    private final int port;

    private NodeEchoPeer(NodeProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code echo-server.js} with these extra arguments ({@code --greet X}, {@code --no-auto-pong}, ...). */
    static NodeEchoPeer start(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "0";
        System.arraycopy(args, 0, all, 1, args.length);
        NodeProcess p = NodeProject.start("echo-server.js", all);
        try {
            return new NodeEchoPeer(p, p.awaitListeningPort(Duration.ofSeconds(20)));
        } catch (RuntimeException | AssertionError e) {
            p.close();
            throw e;
        }
    }

    @Override
    public URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    @Override
    public String awaitLine(Predicate<String> matcher, Duration timeout) {
        return process.awaitLine(matcher, timeout);
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return "node ws echo server on " + port;
    }
}
