package dev.pushwire.server.internal.http;

import dev.pushwire.server.internal.Endpoint;
import dev.pushwire.server.internal.NettyHandshakeRequest;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * The seam for the emulated transports (SSE, long polling, polling): the router hands them every request to a
 * WebSocket endpoint's path that carries {@code ?transport=<name>} (other than {@code websocket}).
 *
 * <p>Threading: called on the request's event loop; must not block.
 */
public interface HttpTransports {
    /** No emulated transports: every such request gets 400 {@code unknown_transport}. */
    HttpTransports NONE = (ctx, request, parsed, endpoint, transport, keepAlive) -> false;

    /**
     * Handles {@code request} for {@code endpoint} over {@code transport}, answering on {@code ctx}. The router
     * releases {@code request} after this returns: retain what must outlive the call.
     *
     * @return false if {@code transport} is unknown (the router then answers 400 {@code unknown_transport})
     */
    boolean handle(ChannelHandlerContext ctx, FullHttpRequest request, NettyHandshakeRequest parsed, Endpoint endpoint,
                   String transport, boolean keepAlive);
}
