package dev.pushwire.client.internal;

import dev.pushwire.client.ConnectFailedException;
import dev.pushwire.client.ConnectFailedException.Reason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The client side of the opening handshake (RFC 6455 4.1), after the TCP connect: sends the upgrade request with
 * Netty's {@link WebSocketClientHandshaker} (version 13, masking on), waits for the answer within the handshake
 * timeout, and either completes the upgrade ({@link Outcome#upgraded}) or reports exactly one
 * {@link ConnectFailedException}: a refused upgrade with its status and the start of its body, an invalid
 * {@code 101}, a TLS failure, a timeout, or a connection closed early.
 *
 * <p>Event-loop confined: every field is touched only on the channel's event loop.
 */
public final class UpgradeHandler extends ChannelInboundHandlerAdapter {

    /** Told exactly once how the handshake ended; runs on the event loop. */
    public interface Outcome {
        /** The {@code 101} was valid; Netty's WebSocket frame codec is now in the pipeline after the HTTP codec. */
        void upgraded(ChannelHandlerContext ctx, FullHttpResponse response);

        /** The handshake failed; the channel is being closed. */
        void failed(ConnectFailedException error);
    }

    private enum State { AWAITING_RESPONSE, READING_REJECTION, READING_UPGRADE, DONE }

    private final WebSocketClientHandshaker handshaker;
    private final URI uri;
    private final Duration timeout;
    private final int maxBodyBytes;
    private final Outcome outcome;

    private State state = State.AWAITING_RESPONSE;
    private HttpResponse response;
    private ByteBuf body;
    private ScheduledFuture<?> timer;
    /** A TLS failure seen before the channel closed, to report instead of "closed". */
    private Throwable tlsFailure;

    public UpgradeHandler(WebSocketClientHandshaker handshaker, URI uri, Duration timeout, int maxBodyBytes,
                          Outcome outcome) {
        this.handshaker = handshaker;
        this.uri = uri;
        this.timeout = timeout;
        this.maxBodyBytes = maxBodyBytes;
        this.outcome = outcome;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> fail(ctx, new ConnectFailedException(Reason.HANDSHAKE_TIMEOUT,
                uri + ": no answer to the WebSocket upgrade within " + timeout
                        + " (handshakeTimeout); is this a WebSocket endpoint?", null)),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        // With TLS, SslHandler holds this write until its own handshake is done.
        handshaker.handshake(ctx.channel()).addListener(f -> {
            if (!f.isSuccess()) {
                fail(ctx, ioFailure("cannot send the upgrade request", f.cause()));
            }
        });
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.DONE) {
            ReferenceCountUtil.release(msg); // the handshake failed; the channel is closing
            return;
        }
        try {
            if (msg instanceof HttpResponse r) {
                response = r;
                if (r.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
                    state = State.READING_UPGRADE;
                } else {
                    state = State.READING_REJECTION;
                    body = ctx.alloc().buffer(Math.min(maxBodyBytes, 1024));
                }
            }
            if (msg instanceof HttpContent content) {
                if (state == State.READING_REJECTION) {
                    ByteBuf chunk = content.content();
                    body.writeBytes(chunk, chunk.readerIndex(),
                            Math.min(chunk.readableBytes(), maxBodyBytes - body.readableBytes()));
                }
                if (msg instanceof LastHttpContent) {
                    if (state == State.READING_UPGRADE) {
                        completeUpgrade(ctx);
                    } else if (state == State.READING_REJECTION) {
                        rejected(ctx);
                    }
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void completeUpgrade(ChannelHandlerContext ctx) {
        FullHttpResponse full = new DefaultFullHttpResponse(response.protocolVersion(), response.status(),
                Unpooled.EMPTY_BUFFER, response.headers(), io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
        try {
            handshaker.finishHandshake(ctx.channel(), full);
        } catch (WebSocketHandshakeException e) {
            fail(ctx, new ConnectFailedException(Reason.INVALID_HANDSHAKE, uri
                    + ": the server's 101 answer is not a valid WebSocket handshake: " + e.getMessage(),
                    101, "", e));
            return;
        }
        done();
        outcome.upgraded(ctx, full);
        if (ctx.pipeline().context(this) != null) {
            ctx.pipeline().remove(this);
        }
    }

    private void rejected(ChannelHandlerContext ctx) {
        String text = body.toString(StandardCharsets.UTF_8);
        HttpResponseStatus status = response.status();
        fail(ctx, new ConnectFailedException(Reason.REJECTED, uri + ": the server refused the upgrade with HTTP "
                + status.code() + " " + status.reasonPhrase() + (text.isBlank() ? "" : ": " + text.strip()),
                status.code(), text, null));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent e && !e.isSuccess()) {
            tlsFailure = e.cause();
            fail(ctx, tlsFailure(e.cause()));
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.DONE) {
            return; // the handshake failed already and was reported; this is the same failure seen again
        }
        Throwable root = cause.getCause() instanceof SSLException ? cause.getCause() : cause;
        fail(ctx, root instanceof SSLException ? tlsFailure(root) : ioFailure("the handshake failed", cause));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state != State.DONE) {
            fail(ctx, tlsFailure != null ? tlsFailure(tlsFailure)
                    : ioFailure("the server closed the connection during the WebSocket handshake", null));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        done();
    }

    private ConnectFailedException tlsFailure(Throwable cause) {
        return new ConnectFailedException(Reason.TLS, uri + ": the TLS handshake failed: " + describe(cause), cause);
    }

    /** The message of {@code t}, and of its root cause when that says more ("PKIX path building failed ..."). */
    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = String.valueOf(t.getMessage());
        return root == t || root.getMessage() == null || top.contains(root.getMessage())
                ? top : top + " (" + root.getMessage() + ")";
    }

    private ConnectFailedException ioFailure(String what, Throwable cause) {
        return new ConnectFailedException(Reason.IO, uri + ": " + what
                + (cause == null ? "" : ": " + cause), cause);
    }

    private void fail(ChannelHandlerContext ctx, ConnectFailedException error) {
        if (state == State.DONE) {
            return;
        }
        done();
        outcome.failed(error);
        ctx.close();
    }

    private void done() {
        state = State.DONE;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (body != null) {
            body.release();
            body = null;
        }
    }
}
