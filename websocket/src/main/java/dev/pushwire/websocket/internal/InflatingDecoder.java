package dev.pushwire.websocket.internal;

import dev.pushwire.core.CloseCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import java.util.List;

/**
 * The permessage-deflate decoder of a connection, in place of Netty's: each frame of a compressed message (RSV1 on
 * its first frame) goes out as a frame of the same kind carrying what it inflated to (possibly nothing), RSV1
 * cleared and any other RSV bit kept (so the {@link WebSocketFrameHandler} fails RSV2/RSV3 with 1002); uncompressed
 * messages and control frames pass as they are. Inflating is {@link MessageInflater}'s; its errors (1007, 1009) go
 * to {@code exceptionCaught} as {@link WebSocketProtocolException}s, and nothing is read after one.
 *
 * <p>Threading: event-loop confined, one per connection.
 */
public final class InflatingDecoder extends WebSocketExtensionDecoder {
    private final MessageInflater inflater;
    /** loop: the frames now arriving continue a compressed message. */
    private boolean inCompressedMessage;
    /** loop: inflating failed; the connection is being closed. */
    private boolean failed;

    /**
     * @param maxMessageBytes the largest inflated message (1009 past it)
     * @param contextTakeover whether the peer keeps its compression context between messages (no
     *                        {@code *_no_context_takeover} was agreed for its direction)
     */
    public InflatingDecoder(int maxMessageBytes, boolean contextTakeover) {
        this.inflater = new MessageInflater(maxMessageBytes, contextTakeover);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (failed) {
            return;
        }
        boolean first = frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame;
        boolean compressed = first ? (frame.rsv() & WebSocketExtension.RSV1) != 0
                : frame instanceof ContinuationWebSocketFrame && inCompressedMessage;
        if (!compressed) {
            out.add(frame.retain());
            return;
        }
        inCompressedMessage = !frame.isFinalFragment();
        ByteBuf inflated = ctx.alloc().buffer();
        try {
            ByteBuf in = frame.content();
            byte[] bytes;
            int offset;
            if (in.hasArray()) {
                bytes = in.array();
                offset = in.arrayOffset() + in.readerIndex();
            } else {
                bytes = new byte[in.readableBytes()];
                in.getBytes(in.readerIndex(), bytes);
                offset = 0;
            }
            inflater.inflate(bytes, offset, in.readableBytes(), frame.isFinalFragment(), inflated::writeBytes);
        } catch (WebSocketProtocolException e) {
            inflated.release();
            failed = true;
            ctx.fireExceptionCaught(e);
            return;
        } catch (RuntimeException e) {
            inflated.release();
            failed = true;
            ctx.fireExceptionCaught(new WebSocketProtocolException(CloseCode.INVALID_PAYLOAD.code(),
                    "compressed payload could not be inflated", e));
            return;
        }
        int rsv = frame.rsv() & ~WebSocketExtension.RSV1;
        boolean fin = frame.isFinalFragment();
        out.add(frame instanceof TextWebSocketFrame ? new TextWebSocketFrame(fin, rsv, inflated)
                : frame instanceof BinaryWebSocketFrame ? new BinaryWebSocketFrame(fin, rsv, inflated)
                : new ContinuationWebSocketFrame(fin, rsv, inflated));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        inflater.close();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
        inflater.close();
        super.handlerRemoved(ctx);
    }
}
