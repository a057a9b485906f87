package dev.pushwire.server.conformance;

import dev.pushwire.testkit.ExternalTool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Node's {@code ws} echo server ({@code conformance/ws-echo-server.js}) as a reference peer. Needs {@code ws}
 * installed: the directory holding its {@code node_modules} comes from {@code -Dpushwire.ws.dir}.
 */
final class NodeWsEchoTarget implements EchoTarget {
    private static final Set<Promise> PROMISES = EnumSet.noneOf(Promise.class);

    private final Process process;
    private final int port;
    private final boolean deflate;

    private NodeWsEchoTarget(Process process, int port, boolean deflate) {
        this.process = process;
        this.port = port;
        this.deflate = deflate;
    }

    static NodeWsEchoTarget start(boolean deflate) {
        Path node = ExternalTool.NODE.require();
        Path wsDir = Path.of(System.getProperty("pushwire.ws.dir", "/tmp/conf-ws"));
        if (!Files.isDirectory(wsDir.resolve("node_modules/ws"))) {
            throw new IllegalStateException("ws is not installed under " + wsDir
                    + "; run `npm install ws@8.23.0` there or set -Dpushwire.ws.dir");
        }
        try {
            Path script = Files.createTempFile("ws-echo-server", ".js");
            try (var in = NodeWsEchoTarget.class.getResourceAsStream("/conformance/ws-echo-server.js")) {
                Files.write(script, in.readAllBytes());
            }
            String options = "{\"maxPayload\":" + MAX_MESSAGE_BYTES + ",\"perMessageDeflate\":"
                    + (deflate ? "{\"threshold\":0}" : "false") + "}";
            ProcessBuilder builder = new ProcessBuilder(node.toString(), script.toString(), options)
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().put("NODE_PATH", wsDir.resolve("node_modules").toString());
            Process process = builder.start();
            BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(20, TimeUnit.SECONDS);
            if (line == null || !line.startsWith("listening ")) {
                process.destroyForcibly();
                throw new IllegalStateException("ws echo server did not start: " + line);
            }
            return new NodeWsEchoTarget(process, Integer.parseInt(line.substring(10).trim()), deflate);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the ws echo server", e);
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
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
