package dev.pushwire.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Writing HTTP responses, including the JSON error body every HTTP error uses:
 * {@code {"error": "<stable_code>", "message": "<what was wrong and what to do>"}}. Call on the event loop.
 */
public final class HttpResponses {
    private HttpResponses() {
    }

    /** A full response with a body and Content-Length. */
    public static FullHttpResponse response(int status, String contentType, byte[] body) {
        ByteBuf content = body.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                content);
        if (contentType != null) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }

    /** A JSON error response: {@code {"error": code, "message": message}}. */
    public static FullHttpResponse error(int status, String code, String message) {
        String json = "{\"error\":\"" + jsonEscape(code) + "\",\"message\":\"" + jsonEscape(message) + "\"}";
        return response(status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code response}; keeps the connection open if {@code keepAlive}, else closes it after the write.
     */
    public static ChannelFuture send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ChannelFuture f = ctx.writeAndFlush(response);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
        return f;
    }

    /** Writes a JSON error and closes the connection afterwards when {@code keepAlive} is false. */
    public static ChannelFuture sendError(ChannelHandlerContext ctx, int status, String code, String message,
                                          boolean keepAlive) {
        return send(ctx, error(status, code, message), keepAlive);
    }

    /** Writes a security refusal (JSON error, {@code Retry-After} when it has one) and closes the connection. */
    public static ChannelFuture sendRefusal(ChannelHandlerContext ctx,
                                            dev.pushwire.server.internal.security.Refusal refusal) {
        FullHttpResponse r = error(refusal.status(), refusal.code(), refusal.message());
        if (refusal.retryAfterSeconds() > 0) {
            r.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(refusal.retryAfterSeconds()));
        }
        return send(ctx, r, false);
    }

    /** Escapes a string for a JSON string literal. */
    public static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
