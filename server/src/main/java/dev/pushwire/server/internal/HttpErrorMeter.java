package dev.pushwire.server.internal;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Counts the HTTP responses with an error status (400 and above) that leave a connection, whoever wrote them (the
 * router, the aggregator's 413, the HTTP transports, a user's route), and marks those that answered a WebSocket
 * handshake as rejected upgrades. Sits right after the HTTP codec, only when the server has a meter registry; an
 * upgrade removes it with the rest of the HTTP pipeline.
 *
 * <p>Event-loop confined, one per connection.
 */
final class HttpErrorMeter extends ChannelDuplexHandler {
    static final String NAME = "pushwire-http-errors";

    private final ServerMeters meters;
    /** loop: whether the last request read asked for {@code Upgrade: websocket}. */
    private boolean upgradeRequest;

    HttpErrorMeter(ServerMeters meters) {
        this.meters = meters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            upgradeRequest = ((HttpRequest) msg).headers()
                    .containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse) {
            int status = ((HttpResponse) msg).status().code();
            if (status >= 400) {
                meters.httpError(status, upgradeRequest);
            }
        }
        ctx.write(msg, promise);
    }
}
