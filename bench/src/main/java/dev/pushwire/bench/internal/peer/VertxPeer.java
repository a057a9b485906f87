package dev.pushwire.bench.internal.peer;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Vert.x 5 peer, written as its docs suggest: one HTTP server verticle per event loop (2 × cores), native
 * transport, {@code textMessageHandler}/{@code writeTextMessage} (and the binary twins) so the type is kept; a
 * broadcast is one task per context that writes to that context's subscribers.
 */
final class VertxPeer implements PeerServer {
    private Vertx vertx;

    @Override
    public void start(int port) throws Exception {
        int instances = PeerServer.ioThreads(2 * Runtime.getRuntime().availableProcessors());
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(instances));
        if (!vertx.isNativeTransportEnabled()) {
            throw new IllegalStateException("Vert.x native transport is not enabled", vertx.unavailableNativeTransportCause());
        }
        Map<Context, Set<ServerWebSocket>> subscribers = new ConcurrentHashMap<>();
        vertx.deployVerticle(() -> new Routes(port, subscribers), new DeploymentOptions().setInstances(instances))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Override
    public void stop() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public String description() {
        try (var in = Vertx.class.getResourceAsStream("/META-INF/vertx/vertx-version.txt")) {
            return "Vert.x " + (in == null ? "?" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim())
                    + ", native transport";
        } catch (java.io.IOException e) {
            return "Vert.x ?";
        }
    }

    /** One HTTP server on one event loop; the instances share the port. */
    private static final class Routes extends VerticleBase {
        private final int port;
        /** Subscribers by the context (event loop) they run on; each set is touched only on its context. */
        private final Map<Context, Set<ServerWebSocket>> subscribers;

        Routes(int port, Map<Context, Set<ServerWebSocket>> subscribers) {
            this.port = port;
            this.subscribers = subscribers;
        }

        @Override
        public Future<?> start() {
            HttpServerOptions options = new HttpServerOptions()
                    .setHost("127.0.0.1")
                    .setPort(port)
                    .setTcpNoDelay(true)
                    .setMaxWebSocketFrameSize(MAX_MESSAGE_BYTES)
                    .setMaxWebSocketMessageSize(MAX_MESSAGE_BYTES);
            return vertx.createHttpServer(options).webSocketHandler(this::route).listen();
        }

        private void route(ServerWebSocket ws) {
            switch (ws.path()) {
                case "/echo" -> {
                    ws.textMessageHandler(ws::writeTextMessage);
                    ws.binaryMessageHandler(ws::writeBinaryMessage);
                }
                case "/sub" -> {
                    Set<ServerWebSocket> mine = subscribers.computeIfAbsent(context, c -> new HashSet<>());
                    mine.add(ws);
                    ws.closeHandler(v -> mine.remove(ws));
                }
                case "/pub" -> {
                    ws.textMessageHandler(text -> subscribers.forEach((ctx, subs) ->
                            ctx.runOnContext(v -> List.copyOf(subs).forEach(s -> s.writeTextMessage(text)))));
                    ws.binaryMessageHandler(data -> subscribers.forEach((ctx, subs) ->
                            ctx.runOnContext(v -> List.copyOf(subs).forEach(s -> s.writeBinaryMessage(data)))));
                }
                default -> ws.close((short) 1008, "unknown path");
            }
        }
    }
}
