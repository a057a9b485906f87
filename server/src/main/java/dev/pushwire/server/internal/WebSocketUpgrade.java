package dev.pushwire.server.internal;

import dev.pushwire.core.CloseCode;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.server.EndpointOptions;
import dev.pushwire.server.UpgradeDecision;
import dev.pushwire.websocket.DeflateOptions;
import dev.pushwire.websocket.internal.DeflateNegotiation;
import dev.pushwire.websocket.internal.LimitLog;
import dev.pushwire.websocket.internal.WebSocketConnection;
import dev.pushwire.websocket.internal.WebSocketPipeline;
import dev.pushwire.websocket.internal.WebSocketRole;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of the opening handshake, in order: server stopping (503), origin allow-list (403), version
 * (426 with {@code Sec-WebSocket-Version: 13}), upgrade hook (its status and body), connection limit (503),
 * subprotocol selection, permessage-deflate negotiation, then Netty's handshaker writes the 101 and installs the
 * frame codec, and this installs the engine ({@link WebSocketPipeline}) and calls the endpoint's handler.
 *
 * <p>Runs on the channel's event loop. Stateless.
 */
final class WebSocketUpgrade {
    private static final Logger log = LoggerFactory.getLogger(WebSocketUpgrade.class);

    private WebSocketUpgrade() {
    }

    static void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, NettyHandshakeRequest parsed, Endpoint endpoint,
                        ServerContext server) {
        ServerSettings settings = server.settings();
        if (server.stopping()) {
            HttpResponses.sendError(ctx, 503, "server_stopping", "the server is shutting down; try another one", false);
            return;
        }
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !settings.allowedOrigins().isEmpty() && !originAllowed(origin, settings)) {
            HttpResponses.sendError(ctx, 403, "origin_not_allowed",
                    "origin " + origin + " may not open WebSockets here", false);
            return;
        }
        String version = req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
        if (!"13".equals(version)) {
            sendUnsupportedVersion(ctx, version);
            return;
        }
        String problem = StrictHandshake.problem(req);
        if (problem != null) {
            HttpResponses.sendError(ctx, 400, "bad_handshake", problem, false);
            return;
        }
        if (!isValidKey(req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY))) {
            HttpResponses.sendError(ctx, 400, "bad_handshake",
                    "Sec-WebSocket-Key must be 16 random bytes in base64 (RFC 6455 4.1)", false);
            return;
        }
        UpgradeDecision decision;
        try {
            decision = settings.upgradeHook().decide(parsed);
        } catch (Throwable t) {
            log.warn("upgrade hook threw for {}", parsed, t);
            HttpResponses.sendError(ctx, 500, "internal_error", "the server failed to decide the handshake", false);
            return;
        }
        if (decision == null || !decision.accepted()) {
            int status = decision == null ? 500 : decision.status();
            String body = decision == null ? "" : decision.body();
            String type = body.startsWith("{") ? "application/json; charset=utf-8" : "text/plain; charset=utf-8";
            HttpResponses.send(ctx, HttpResponses.response(status, type, body.getBytes(StandardCharsets.UTF_8)), false);
            return;
        }
        if (server.registry().refuseIfDraining()) {
            HttpResponses.sendError(ctx, 503, "draining", Drain.REFUSED_MESSAGE, false);
            return;
        }
        if (!server.registry().tryReserve()) {
            LimitLog.warnOnce(log, "max-connections", "refusing a WebSocket from {}: {} connections open (maxConnections)",
                    parsed.remoteAddress(), settings.maxConnections());
            HttpResponses.sendError(ctx, 503, "too_many_connections",
                    "the server has reached its connection limit (" + settings.maxConnections() + "); retry later",
                    false);
            return;
        }
        boolean opened = false;
        try {
            opened = open(ctx, req, parsed, endpoint, server, decision.attributes());
        } finally {
            if (!opened) {
                server.registry().release();
            }
        }
    }

    private static boolean open(ChannelHandlerContext ctx, FullHttpRequest req, NettyHandshakeRequest parsed,
                                Endpoint endpoint, ServerContext server, Map<String, Object> attributes) {
        EndpointOptions options = endpoint.options();
        ConnectionLimits limits = options.limits() != null ? options.limits() : server.settings().limits();
        DeflateOptions deflate = options.deflate() != null ? options.deflate() : server.settings().deflate();

        String protocol = selectSubprotocol(req.headers(), options.subprotocols());
        WebSocketServerExtension extension = deflate.enabled() ? negotiateDeflate(req.headers(), deflate, limits) : null;

        WebSocketServerHandshakerFactory factory = new WebSocketServerHandshakerFactory(
                webSocketUrl(req, server), protocol,
                WebSocketPipeline.decoderConfig(WebSocketRole.SERVER, limits, extension != null));
        WebSocketServerHandshaker handshaker = factory.newHandshaker(req);
        if (handshaker == null) {
            sendUnsupportedVersion(ctx, req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION));
            return false;
        }
        HttpHeaders responseHeaders = new DefaultHttpHeaders();
        List<String> extensions = List.of();
        if (extension != null) {
            String value = format(extension.newReponseData());
            responseHeaders.set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, value);
            extensions = List.of(value);
        }
        ChannelPipeline p = ctx.pipeline();
        if (p.get(RequestTimeoutHandler.NAME) != null) {
            p.remove(RequestTimeoutHandler.NAME);
        }
        if (p.get(HttpErrorMeter.NAME) != null) {
            p.remove(HttpErrorMeter.NAME); // WebSocket frames from here: nothing for it to see
        }
        WebSocketConnection connection = new WebSocketConnection(ConnectionIds.next(server.settings().nodeBus() == null ? null
                : server.settings().nodeBus().nodeId(), "ws"), ctx.channel(),
                WebSocketRole.SERVER, limits, parsed, protocol, extensions);
        ConnectionRegistry registry = server.registry();
        connection.traffic(registry.meters().traffic(connection.transport()));
        // Registered before the 101 goes out, so a stop() racing this handshake sees the connection and closes it
        // with 1001 (its close runs on this event loop, after this method).
        registry.add(connection);
        try {
            // Writes the 101 and adds Netty's frame encoder/decoder next to the HTTP codec (removed once written).
            handshaker.handshake(ctx.channel(), req, responseHeaders, ctx.channel().newPromise());
        } catch (WebSocketServerHandshakeException e) {
            registry.forget(connection);
            HttpResponses.sendError(ctx, 400, "bad_handshake", "invalid WebSocket handshake: " + e.getMessage(), false);
            return false;
        }
        attributes.forEach(connection::attribute);
        WebSocketPipeline.install(p,
                connection,
                extension == null ? null : extension.newExtensionEncoder(),
                extension == null ? null : extension.newExtensionDecoder());
        p.remove(HttpRouter.NAME);

        connection.onClose(event -> registry.remove(connection, event.code()));
        if (!ctx.channel().isActive()) {
            registry.remove(connection, CloseCode.ABNORMAL.code());
            return true;
        }
        try {
            endpoint.handler().onConnection(connection);
        } catch (Throwable t) {
            log.warn("connection handler of {} threw; closing {} with 1011", endpoint.path(), connection.id(), t);
            connection.close(CloseCode.INTERNAL_ERROR.code(), "the server failed to accept the connection");
            return true;
        }
        connection.fireOpen();
        return true;
    }

    /** The first of the endpoint's subprotocols (its order is the preference) that the client offered; or null. */
    static String selectSubprotocol(HttpHeaders headers, List<String> supported) {
        if (supported.isEmpty()) {
            return null;
        }
        List<String> offered = NettyHandshakeRequest.split(String.join(",",
                headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL)));
        for (String s : supported) {
            if (offered.contains(s)) {
                return s;
            }
        }
        return null;
    }

    private static WebSocketServerExtension negotiateDeflate(HttpHeaders headers, DeflateOptions deflate,
                                                             ConnectionLimits limits) {
        List<String> offers = headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
        return offers.isEmpty() ? null : DeflateNegotiation.negotiateServer(offers, deflate, limits);
    }

    private static String format(WebSocketExtensionData data) {
        StringBuilder b = new StringBuilder(data.name());
        data.parameters().forEach((k, v) -> {
            b.append("; ").append(k);
            if (v != null) {
                b.append('=').append(v);
            }
        });
        return b.toString();
    }

    private static boolean originAllowed(String origin, ServerSettings settings) {
        String o = origin.toLowerCase(Locale.ROOT);
        for (String allowed : settings.allowedOrigins()) {
            if (allowed.equals("*") || allowed.toLowerCase(Locale.ROOT).equals(o)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 6455 4.2.1: the key, base64-decoded, is 16 bytes long. */
    static boolean isValidKey(String key) {
        if (key == null) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key.trim()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void sendUnsupportedVersion(ChannelHandlerContext ctx, String version) {
        FullHttpResponse r = HttpResponses.error(426, "unsupported_websocket_version",
                "WebSocket version " + (version == null ? "(none)" : version)
                        + " is not supported; this server speaks version 13 (RFC 6455)");
        r.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
        HttpResponses.send(ctx, r, false);
    }

    private static String webSocketUrl(FullHttpRequest req, ServerContext server) {
        String host = req.headers().get(HttpHeaderNames.HOST, "localhost");
        return (server.tls() != null ? "wss://" : "ws://") + host + req.uri();
    }
}
