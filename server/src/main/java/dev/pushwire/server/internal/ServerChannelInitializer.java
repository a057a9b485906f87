package dev.pushwire.server.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;

/**
 * The pipeline of every accepted connection:
 * <pre>
 *   [ssl] ─ http codec ─ [http error meter] ─ aggregator (413 past maxRequestBodyBytes) ─ request timeout ─ router
 * </pre>
 * The error meter is there only when the server has a meter registry.
 * An upgrade replaces the HTTP part with the WebSocket engine (see {@link WebSocketUpgrade}).
 */
final class ServerChannelInitializer extends ChannelInitializer<SocketChannel> {
    static final String HTTP_CODEC = "pushwire-http";
    static final String AGGREGATOR = "pushwire-http-aggregator";

    private final ServerContext server;
    private final NettyServer owner;

    ServerChannelInitializer(ServerContext server, NettyServer owner) {
        this.server = server;
        this.owner = owner;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        owner.track(ch);
        ServerSettings s = server.settings();
        ChannelPipeline p = ch.pipeline();
        if (server.tls() != null) {
            p.addLast("pushwire-tls", server.tls().context().newHandler(ch.alloc()));
        }
        HttpDecoderConfig http = new HttpDecoderConfig()
                .setMaxInitialLineLength(Math.max(4096, s.maxRequestHeaderBytes()))
                .setMaxHeaderSize(s.maxRequestHeaderBytes())
                .setMaxChunkSize(64 * 1024);
        p.addLast(HTTP_CODEC, new HttpServerCodec(http));
        ServerMeters meters = server.registry().meters();
        if (meters.enabled()) {
            p.addLast(HttpErrorMeter.NAME, new HttpErrorMeter(meters));
        }
        // HTTP-transport POSTs may be larger than other bodies (base64); the router checks the smaller limit.
        int maxBody = s.http().enabled() ? Math.max(s.maxRequestBodyBytes(), s.http().maxPostBytes())
                : s.maxRequestBodyBytes();
        p.addLast(AGGREGATOR, new JsonErrorAggregator(maxBody));
        p.addLast(RequestTimeoutHandler.NAME, new RequestTimeoutHandler(s.handshakeTimeout()));
        p.addLast(HttpRouter.NAME, new HttpRouter(server));
    }

    /** Netty's aggregator, answering an oversized body with our JSON 413 instead of an empty one. */
    private static final class JsonErrorAggregator extends HttpObjectAggregator {
        private final int maxBytes;

        JsonErrorAggregator(int maxBytes) {
            super(maxBytes);
            this.maxBytes = maxBytes;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            FullHttpResponse r = HttpResponses.error(413, "request_body_too_large",
                    "the request body is larger than the server's limit of " + maxBytes + " bytes");
            r.headers().set(HttpHeaderNames.CONNECTION, "close");
            ctx.writeAndFlush(r).addListener(f -> ctx.close());
            HttpUtil.setKeepAlive(oversized, false);
        }
    }
}
