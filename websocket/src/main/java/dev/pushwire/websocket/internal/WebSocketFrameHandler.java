package dev.pushwire.websocket.internal;

import dev.pushwire.core.CloseCode;
import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.core.Message;
import dev.pushwire.core.ReadyState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The last inbound handler of a WebSocket pipeline: joins fragments (with the message size limit), validates text
 * incrementally (fails fast with 1007), checks what Netty's frame decoder leaves to us (RSV bits left after the
 * extensions, close codes), answers control frames, runs the heartbeat and idle timers, and hands whole messages to
 * its {@link WebSocketConnection}.
 *
 * <p>Netty's {@code WebSocket08FrameDecoder} (configured by {@link WebSocketPipeline}) already rejects, with the
 * code in its {@link CorruptedWebSocketFrameException}: reserved opcodes, fragmented or oversized (&gt; 125 bytes)
 * control frames, RSV bits without a negotiated extension, masking against the role, continuation frames outside a
 * message and data frames inside one, non-minimal lengths (all 1002), frames over {@code maxFrameBytes} (1009) and
 * malformed close frames (1002, or 1007 for a reason that is not UTF-8).
 *
 * <p>Behind a {@link MessageDecoder} (a server connection without extensions) it receives whole, checked
 * {@link Message}s and Netty's control frames instead, and only hands the messages on.
 *
 * <p>Threading: event-loop confined, like every Netty handler; every field is touched only on the loop.
 */
public final class WebSocketFrameHandler extends ChannelInboundHandlerAdapter {
    private final WebSocketConnection connection;
    private final ConnectionLimits limits;
    private final long pingIntervalNanos;
    private final long pingTimeoutNanos;
    private final long idleTimeoutNanos;

    /**
     * loop: the message being joined from fragments; null between messages. One growing buffer (capacity doubles,
     * capped at maxMessageBytes), so joining is linear in the message size however many fragments it has; a
     * composite buffer would re-copy everything each time it consolidates, quadratic for a flood of tiny fragments.
     */
    private ByteBuf fragments;
    /** loop: whether {@link #fragments} is text. */
    private boolean fragmentsText;
    /** loop: UTF-8 state of the text being joined. */
    private int utf8State;
    /** loop: when the last frame arrived (read-batch precision). */
    private long lastReadNanos;
    /** loop: when the last data message arrived (read-batch precision). */
    private long lastMessageNanos;
    /** loop: a whole data message arrived in the current read batch. */
    private boolean messageInBatch;
    /** loop: a heartbeat ping is waiting for an answer. */
    private boolean pingOutstanding;
    /** loop: when the outstanding heartbeat ping went out. */
    private long pingSentNanos;
    /** loop: the next timer check; null when no timer runs. */
    private ScheduledFuture<?> timer;
    /** loop: the event loop's clock (a mock one under EmbeddedChannel tests). */
    private Ticker ticker = Ticker.systemTicker();

    public WebSocketFrameHandler(WebSocketConnection connection) {
        this.connection = connection;
        this.limits = connection.limits();
        this.pingIntervalNanos = limits.pingInterval().toNanos();
        this.pingTimeoutNanos = limits.pingTimeout().toNanos();
        this.idleTimeoutNanos = limits.idleTimeout().toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        connection.attach(ctx);
        ticker = ctx.executor().ticker();
        long now = ticker.nanoTime();
        lastReadNanos = now;
        lastMessageNanos = now;
        scheduleTimer(ctx, nextTimerDelay(now));
        if (!connection.extensions().isEmpty()) {
            // Also report the close from the close future (run on this loop): channelInactive never reaches this
            // handler when a handler before it throws on the way, as Netty's deflate decoder does after data failed
            // to inflate. Without extensions nothing before it throws there, and an idle connection is 72 B lighter.
            ctx.channel().closeFuture().addListener(f -> channelClosed());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        connection.readBatchStarted();
        if (msg instanceof Message m) { // whole, checked and unmasked by the MessageDecoder
            messageInBatch = true;
            if (connection.readyState() == ReadyState.OPEN) {
                connection.onMessage(m);
            }
            return;
        }
        if (!(msg instanceof WebSocketFrame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        WebSocketFrame frame = (WebSocketFrame) msg;
        try {
            if (connection.readyState() != ReadyState.CLOSED) {
                onFrame(frame);
            }
        } catch (WebSocketProtocolException e) {
            releaseFragments();
            connection.failConnection(e);
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        long now = ticker.nanoTime();
        lastReadNanos = now;
        if (messageInBatch) {
            messageInBatch = false;
            lastMessageNanos = now;
        }
        connection.readBatchEnded();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        connection.checkWritability();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        channelClosed();
        ctx.fireChannelInactive();
    }

    /** loop: the channel closed; safe to call more than once (the connection reports its close once). */
    private void channelClosed() {
        releaseFragments();
        cancelTimer();
        connection.onChannelClosed();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseFragments();
        cancelTimer();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        releaseFragments();
        if (cause instanceof WebSocketProtocolException) {
            connection.failConnection((WebSocketProtocolException) cause); // from the InflatingDecoder
        } else if (cause instanceof CorruptedWebSocketFrameException) {
            CorruptedWebSocketFrameException c = (CorruptedWebSocketFrameException) cause;
            int code = c.closeStatus() != null ? c.closeStatus().code() : CloseCode.PROTOCOL_ERROR.code();
            connection.failConnection(new WebSocketProtocolException(code, reasonOf(c), c));
        } else if (cause instanceof DecompressionException || cause.getCause() instanceof DecompressionException) {
            String m = String.valueOf(cause.getMessage());
            boolean tooBig = m.contains("maximum size");
            connection.failConnection(new WebSocketProtocolException(
                    tooBig ? CloseCode.MESSAGE_TOO_BIG.code() : CloseCode.INVALID_PAYLOAD.code(),
                    tooBig ? "inflated message is larger than the limit" : "compressed payload could not be inflated",
                    cause));
        } else if (cause instanceof io.netty.handler.codec.CodecException) {
            connection.failConnection(new WebSocketProtocolException(CloseCode.PROTOCOL_ERROR.code(),
                    "bad frame: " + cause.getMessage(), cause));
        } else {
            connection.onUnexpectedError(cause);
        }
    }

    /** Netty's message, except where it differs from ours for the same fault (close codes, see {@link #onClose}). */
    private static String reasonOf(CorruptedWebSocketFrameException e) {
        String message = String.valueOf(e.getMessage());
        String nettyCloseCode = "Invalid close frame getStatus code: ";
        if (message.startsWith(nettyCloseCode)) {
            return "close code " + message.substring(nettyCloseCode.length()).trim() + " is not allowed on the wire";
        }
        return message;
    }

    // ---------------------------------------------------------------- frames

    private void onFrame(WebSocketFrame frame) {
        if (frame.rsv() != 0) {
            throw new WebSocketProtocolException(CloseCode.PROTOCOL_ERROR,
                    "RSV bits " + frame.rsv() + " set that no negotiated extension defines");
        }
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
            onDataFrame(frame, frame instanceof TextWebSocketFrame);
        } else if (frame instanceof ContinuationWebSocketFrame) {
            onContinuation(frame);
        } else if (frame instanceof PingWebSocketFrame) {
            connection.onPing(frame.content());
        } else if (frame instanceof PongWebSocketFrame) {
            pingOutstanding = false;
            connection.onPong(frame.content());
        } else if (frame instanceof CloseWebSocketFrame) {
            onClose((CloseWebSocketFrame) frame);
        }
    }

    private void onDataFrame(WebSocketFrame frame, boolean text) {
        ByteBuf content = frame.content();
        int size = content.readableBytes();
        checkMessageSize(size);
        if (frame.isFinalFragment()) {
            messageInBatch = true;
            if (connection.readyState() != ReadyState.OPEN) {
                return;
            }
            if (text) {
                // Copied first, then validated in the array: one pass over direct memory instead of two.
                byte[] bytes = ByteBufUtil.getBytes(content);
                if (Utf8Validation.update(Utf8Validation.ACCEPT, bytes, 0, bytes.length) != Utf8Validation.ACCEPT) {
                    throw new WebSocketProtocolException(CloseCode.INVALID_PAYLOAD, "text message is not valid UTF-8");
                }
                connection.onMessage(Message.textOfUtf8(bytes)); // validated above
            } else {
                connection.onMessage(Message.binary(ByteBufUtil.getBytes(content)));
            }
            return;
        }
        fragmentsText = text;
        utf8State = Utf8Validation.ACCEPT;
        int initial = Math.min(Math.max(2 * content.readableBytes(), 256), limits.maxMessageBytes());
        fragments = content.alloc().buffer(initial, limits.maxMessageBytes());
        appendFragment(content);
    }

    private void onContinuation(WebSocketFrame frame) {
        if (fragments == null) {
            // Netty's decoder rejects this already; kept so the handler is correct on its own.
            throw new WebSocketProtocolException(CloseCode.PROTOCOL_ERROR,
                    "continuation frame without a message to continue");
        }
        ByteBuf content = frame.content();
        checkMessageSize((long) fragments.readableBytes() + content.readableBytes());
        appendFragment(content);
        if (!frame.isFinalFragment()) {
            return;
        }
        ByteBuf whole = fragments;
        fragments = null;
        try {
            messageInBatch = true;
            if (fragmentsText && utf8State != Utf8Validation.ACCEPT) {
                throw new WebSocketProtocolException(CloseCode.INVALID_PAYLOAD,
                        "text message ends inside a UTF-8 sequence");
            }
            if (connection.readyState() == ReadyState.OPEN) {
                connection.onMessage(fragmentsText
                        ? Message.textOfUtf8(ByteBufUtil.getBytes(whole)) // validated as it came
                        : Message.binary(ByteBufUtil.getBytes(whole)));
            }
        } finally {
            whole.release();
        }
    }

    private void appendFragment(ByteBuf content) {
        if (fragmentsText) {
            utf8State = Utf8Validation.update(utf8State, content, content.readerIndex(), content.writerIndex());
            if (utf8State == Utf8Validation.REJECT) {
                throw new WebSocketProtocolException(CloseCode.INVALID_PAYLOAD, "text message is not valid UTF-8");
            }
        }
        if (content.isReadable()) {
            fragments.writeBytes(content, content.readerIndex(), content.readableBytes());
        }
    }

    private void checkMessageSize(long size) {
        if (size > limits.maxMessageBytes()) {
            throw new WebSocketProtocolException(CloseCode.MESSAGE_TOO_BIG,
                    "message is larger than the limit of " + limits.maxMessageBytes() + " bytes");
        }
    }

    private void onClose(CloseWebSocketFrame frame) {
        ByteBuf content = frame.content();
        int code;
        String reason;
        if (content.readableBytes() == 0) {
            code = CloseCode.NO_STATUS.code();
            reason = "";
        } else if (content.readableBytes() == 1) {
            throw new WebSocketProtocolException(CloseCode.PROTOCOL_ERROR, "close frame with a 1-byte payload");
        } else {
            int from = content.readerIndex();
            code = content.getUnsignedShort(from);
            if (!CloseCode.isValidOnWire(code)) {
                throw new WebSocketProtocolException(CloseCode.PROTOCOL_ERROR,
                        "close code " + code + " is not allowed on the wire");
            }
            if (!Utf8Validation.isValid(content, from + 2, content.writerIndex())) {
                throw new WebSocketProtocolException(CloseCode.INVALID_PAYLOAD, "close reason is not valid UTF-8");
            }
            reason = content.toString(from + 2, content.readableBytes() - 2, StandardCharsets.UTF_8);
        }
        releaseFragments();
        connection.onCloseFrame(code, reason);
    }

    private void releaseFragments() {
        if (fragments != null) {
            fragments.release();
            fragments = null;
        }
    }

    // ---------------------------------------------------------------- heartbeat and idle timeout

    private long nextTimerDelay(long now) {
        long next = Long.MAX_VALUE;
        if (pingIntervalNanos > 0) {
            next = pingOutstanding
                    ? pingSentNanos + pingTimeoutNanos - now
                    : lastReadNanos + pingIntervalNanos - now;
        }
        if (idleTimeoutNanos > 0) {
            next = Math.min(next, lastMessageNanos + idleTimeoutNanos - now);
        }
        return next;
    }

    private void scheduleTimer(ChannelHandlerContext ctx, long delayNanos) {
        if (delayNanos == Long.MAX_VALUE) {
            return;
        }
        timer = ctx.executor().schedule(() -> onTimer(ctx), Math.max(delayNanos, 1), TimeUnit.NANOSECONDS);
    }

    private void onTimer(ChannelHandlerContext ctx) {
        timer = null;
        if (connection.readyState() != ReadyState.OPEN) {
            return;
        }
        long now = ticker.nanoTime();
        if (connection.isReadingPaused()) {
            // We stopped reading: the peer's silence (no pong, no message) is ours, not its. Timers start afresh
            // once reading resumes.
            pingOutstanding = false;
            lastReadNanos = now;
            lastMessageNanos = now;
        }
        if (idleTimeoutNanos > 0 && now - lastMessageNanos >= idleTimeoutNanos) {
            connection.startClose(CloseCode.IDLE_TIMEOUT.code(),
                    "no message received for " + limits.idleTimeout().toSeconds() + " s", false);
            return;
        }
        if (pingIntervalNanos > 0) {
            if (pingOutstanding && lastReadNanos - pingSentNanos > 0) {
                pingOutstanding = false; // something arrived after our ping: the peer is alive
            }
            if (pingOutstanding) {
                if (now - pingSentNanos >= pingTimeoutNanos) {
                    connection.drop(new CloseEvent(CloseCode.HEARTBEAT_TIMEOUT.code(),
                            "no answer to a ping within " + limits.pingTimeout().toMillis() + " ms", false, false));
                    return;
                }
            } else if (now - lastReadNanos >= pingIntervalNanos) {
                pingOutstanding = true;
                pingSentNanos = now;
                connection.ping(new byte[0]);
            }
        }
        scheduleTimer(ctx, nextTimerDelay(now));
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
