package dev.pushwire.server.internal;

import dev.pushwire.server.HttpHandler;
import dev.pushwire.websocket.internal.LimitLog;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each whole HTTP request: a WebSocket upgrade to an endpoint, {@code ?transport=} requests to the emulated
 * transports, HTTP routes, static files, or a JSON error. One per channel (it holds nothing but shared references,
 * and is removed when the channel upgrades to WebSocket).
 *
 * <p>Event-loop confined.
 */
public final class HttpRouter extends ChannelInboundHandlerAdapter {
    public static final String NAME = "pushwire-router";
    private static final Logger log = LoggerFactory.getLogger(HttpRouter.class);

    private final ServerContext server;

    public HttpRouter(ServerContext server) {
        this.server = server;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        FullHttpRequest req = (FullHttpRequest) msg;
        try {
            route(ctx, req);
        } catch (Throwable t) {
            log.warn("error while handling {} {}", req.method(), req.uri(), t);
            if (ctx.channel().isActive()) {
                HttpResponses.sendError(ctx, 500, "internal_error", "the server failed to handle the request", false);
            }
        } finally {
            req.release();
        }
    }

    private void route(ChannelHandlerContext ctx, FullHttpRequest req) throws IOException {
        DecoderResult result = req.decoderResult();
        if (result.isFailure()) {
            rejectMalformed(ctx, result.cause());
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        NettyHandshakeRequest parsed = new NettyHandshakeRequest(req, (InetSocketAddress) ctx.channel().remoteAddress());
        String path = parsed.path();
        Endpoint endpoint = server.routes().endpoint(path);

        if (endpoint != null && isWebSocketUpgrade(req)) {
            WebSocketUpgrade.upgrade(ctx, req, parsed, endpoint, server);
            return;
        }
        String transport = parsed.queryParam("transport").orElse(null);
        if (endpoint != null && transport != null && !transport.equals("websocket")) {
            if (!server.httpTransports().handle(ctx, req, parsed, endpoint, transport, keepAlive)) {
                HttpResponses.sendError(ctx, 400, "unknown_transport", "transport \"" + transport
                        + "\" is not served here; use websocket, sse, longpolling or polling", keepAlive);
            }
            return;
        }
        if (req.content().readableBytes() > server.settings().maxRequestBodyBytes()) {
            // the aggregator allows HTTP-transport POSTs up to their own limit; other requests keep this one
            HttpResponses.sendError(ctx, 413, "request_body_too_large", "the request body is larger than the"
                    + " server's limit of " + server.settings().maxRequestBodyBytes() + " bytes", false);
            return;
        }
        HttpHandler handler = server.routes().http(path);
        if (handler != null) {
            byte[] body = ByteBufUtil.getBytes(req.content());
            NettyHttpExchange exchange = new NettyHttpExchange(ctx, req.method().name(), parsed, body, keepAlive);
            try {
                handler.handle(exchange);
            } catch (Throwable t) {
                log.warn("HTTP handler for {} threw", path, t);
                exchange.respond(HttpResponses.error(500, "internal_error", "the handler for " + path + " failed"));
            }
            return;
        }
        StaticResources mount = server.routes().staticFor(path);
        if (mount != null && serveStatic(ctx, req, mount, path, keepAlive)) {
            return;
        }
        if (endpoint != null) {
            FullHttpResponse r = HttpResponses.error(426, "upgrade_required",
                    path + " is a WebSocket endpoint: send a WebSocket handshake (Upgrade: websocket)");
            r.headers().set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
            r.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
            HttpResponses.send(ctx, r, keepAlive);
            return;
        }
        HttpResponses.sendError(ctx, 404, "not_found", "nothing is served at " + path, keepAlive);
    }

    private boolean serveStatic(ChannelHandlerContext ctx, FullHttpRequest req, StaticResources mount, String path,
                                boolean keepAlive) throws IOException {
        StaticResources.Found found;
        try {
            found = mount.find(path);
        } catch (StaticResources.BadPathException e) {
            HttpResponses.sendError(ctx, 400, "invalid_path", "refused path " + path + ": " + e.getMessage(), keepAlive);
            return true;
        }
        if (found == null) {
            return false;
        }
        boolean head = req.method().equals(HttpMethod.HEAD);
        if (!head && !req.method().equals(HttpMethod.GET)) {
            FullHttpResponse r = HttpResponses.error(405, "method_not_allowed",
                    req.method() + " is not allowed on a static file; use GET or HEAD");
            r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            HttpResponses.send(ctx, r, keepAlive);
            return true;
        }
        FullHttpResponse r = HttpResponses.response(200, found.contentType(), head ? new byte[0] : found.bytes());
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, found.bytes().length);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        HttpResponses.send(ctx, r, keepAlive);
        return true;
    }

    private static boolean isWebSocketUpgrade(FullHttpRequest req) {
        return req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    private static void rejectMalformed(ChannelHandlerContext ctx, Throwable cause) {
        LimitLog.warnOnce(log, "http-" + cause.getClass().getSimpleName(), "refusing a request from {}: {}",
                ctx.channel().remoteAddress(), cause.toString());
        if (cause instanceof TooLongHttpHeaderException) {
            HttpResponses.sendError(ctx, 431, "request_headers_too_large",
                    "the request headers are larger than the server's limit; send fewer or smaller headers", false);
        } else if (cause instanceof TooLongHttpLineException) {
            HttpResponses.sendError(ctx, 414, "request_line_too_long",
                    "the request line (method and URI) is longer than the server's limit", false);
        } else if (cause instanceof TooLongFrameException) {
            HttpResponses.sendError(ctx, 431, "request_headers_too_large",
                    "the request head is larger than the server's limit: " + cause.getMessage(), false);
        } else {
            HttpResponses.sendError(ctx, 400, "bad_request", "malformed HTTP request: " + cause.getMessage(), false);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause instanceof io.netty.handler.codec.PrematureChannelClosureException) {
            log.debug("HTTP connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("HTTP connection {}: unexpected error", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
