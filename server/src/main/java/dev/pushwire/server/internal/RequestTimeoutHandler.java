package dev.pushwire.server.internal;

import dev.pushwire.websocket.internal.LimitLog;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes an HTTP connection whose request does not arrive whole within the handshake timeout: counted from the
 * connection's start, and again from the end of each response on a kept-alive connection. Defeats a handshake
 * trickled one byte at a time and idle kept-alive sockets. Sits after the aggregator, so it sees whole requests.
 * Removed from the pipeline when a connection upgrades to WebSocket (which has its own timers).
 *
 * <p>Event-loop confined.
 */
public final class RequestTimeoutHandler extends ChannelDuplexHandler {
    public static final String NAME = "pushwire-request-timeout";
    private static final Logger log = LoggerFactory.getLogger(RequestTimeoutHandler.class);

    private final long timeoutNanos;
    /** loop: the pending timeout; null while a request is being handled. */
    private ScheduledFuture<?> timeout;

    public RequestTimeoutHandler(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest) {
            disarm();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof FullHttpResponse || msg instanceof LastHttpContent) {
            promise = promise.unvoid();
            promise.addListener(f -> {
                if (ctx.channel().isActive() && ctx.pipeline().get(NAME) != null) {
                    arm(ctx);
                }
            });
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        disarm();
    }

    private void arm(ChannelHandlerContext ctx) {
        disarm();
        timeout = ctx.executor().schedule(() -> {
            timeout = null;
            LimitLog.warnOnce(log, "request-timeout", "closing HTTP connection from {}: no whole request within {} ms",
                    ctx.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
            ctx.close();
        }, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void disarm() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }
}
