package dev.pushwire.websocket.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;
import io.netty.util.ReferenceCountUtil;

/**
 * RFC 7692 6.1: with permessage-deflate, RSV1 marks a compressed message on its first frame only; a continuation
 * frame with RSV1 is a protocol error (1002). Netty's deflate decoder clears RSV1 on continuation frames, so the
 * {@link WebSocketFrameHandler} cannot see it: this sits between the frame decoder and the deflate decoder.
 *
 * <p>Stateless and {@link ChannelHandler.Sharable}.
 */
@ChannelHandler.Sharable
final class ContinuationRsv1Check extends ChannelInboundHandlerAdapter {
    static final ContinuationRsv1Check INSTANCE = new ContinuationRsv1Check();
    static final String NAME = "pushwire-ws-continuation-rsv1";

    private ContinuationRsv1Check() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ContinuationWebSocketFrame && (((WebSocketFrame) msg).rsv() & WebSocketExtension.RSV1) != 0) {
            ReferenceCountUtil.release(msg);
            ctx.fireExceptionCaught(new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR,
                    "RSV1 set on a continuation frame; only the first frame of a compressed message may carry it"));
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
