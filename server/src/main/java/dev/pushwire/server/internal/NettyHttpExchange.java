package dev.pushwire.server.internal;

import dev.pushwire.core.HandshakeRequest;
import dev.pushwire.server.HttpExchange;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link HttpExchange} over one Netty request. Thread safe: the first {@code respond} wins (an atomic flag) and
 * the write itself is handed to the event loop.
 */
public final class NettyHttpExchange implements HttpExchange {
    private static final Logger log = LoggerFactory.getLogger(NettyHttpExchange.class);

    private final ChannelHandlerContext ctx;
    private final String method;
    private final NettyHandshakeRequest request;
    private final byte[] body;
    private final boolean keepAlive;
    private final AtomicBoolean done = new AtomicBoolean();

    public NettyHttpExchange(ChannelHandlerContext ctx, String method, NettyHandshakeRequest request, byte[] body,
                             boolean keepAlive) {
        this.ctx = ctx;
        this.method = method;
        this.request = request;
        this.body = body;
        this.keepAlive = keepAlive;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public HandshakeRequest request() {
        return request;
    }

    @Override
    public byte[] body() {
        return body;
    }

    /** The channel context, for transports that stream (SSE) instead of answering once. */
    public ChannelHandlerContext context() {
        return ctx;
    }

    /** Whether the client asked to keep the connection alive. */
    public boolean keepAlive() {
        return keepAlive;
    }

    @Override
    public boolean respond(int status, String contentType, byte[] body) {
        Objects.requireNonNull(body, "body");
        return respond(HttpResponses.response(status, contentType, body));
    }

    @Override
    public boolean respond(int status, Map<String, String> headers, byte[] body) {
        Objects.requireNonNull(body, "body");
        FullHttpResponse r = HttpResponses.response(status, null, body);
        headers.forEach((k, v) -> r.headers().set(k, v));
        return respond(r);
    }

    /** Sends a prepared response; false (and the response is released) if one was already sent. */
    public boolean respond(FullHttpResponse response) {
        if (!done.compareAndSet(false, true)) {
            response.release();
            return false;
        }
        if (!ctx.channel().isActive()) {
            response.release();
            return false;
        }
        if (ctx.executor().inEventLoop()) {
            HttpResponses.send(ctx, response, keepAlive);
        } else {
            ctx.executor().execute(() -> HttpResponses.send(ctx, response, keepAlive));
        }
        return true;
    }

    /** Marks the exchange answered by other means (e.g. a stream the transport wrote itself). */
    public boolean claim() {
        return done.compareAndSet(false, true);
    }

    @Override
    public boolean isDone() {
        return done.get() || !ctx.channel().isActive();
    }

    @Override
    public void onClose(Runnable callback) {
        ctx.channel().closeFuture().addListener(f -> {
            if (done.compareAndSet(false, true)) {
                try {
                    callback.run();
                } catch (Throwable t) {
                    log.warn("HTTP exchange onClose callback threw", t);
                }
            }
        });
    }
}
