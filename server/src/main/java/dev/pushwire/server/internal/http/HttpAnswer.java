package dev.pushwire.server.internal.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pushwire.core.internal.session.SessionClose;
import dev.pushwire.core.internal.session.SessionCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one answer to one HTTP request of the session protocol: remembers what the answer needs from the request
 * (keep-alive, origin) so it may be written later from any thread, and writes it at most once. Every answer gets
 * {@code Cache-Control: no-store} and, for an allowed origin, the CORS headers.
 */
final class HttpAnswer {
    private static final JsonFactory JSON = new JsonFactory();

    private final ResponseTarget target;
    private final HttpVersion version;
    private final boolean keepAlive;
    private final String allowedOrigin;
    private final boolean credentials;
    private final AtomicBoolean answered = new AtomicBoolean();
    /** Set before the answer may be written; run once, by whoever claims the answer. */
    private volatile Runnable onAnswered;

    /**
     * @param allowedOrigin the {@code Access-Control-Allow-Origin} to send (the request's origin when listed, or
     *                      {@code *}), or null for no CORS headers
     * @param credentials   whether to allow credentials (never with {@code *})
     */
    HttpAnswer(ResponseTarget target, HttpRequest request, String allowedOrigin, boolean credentials) {
        this.target = target;
        this.version = request.protocolVersion();
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.allowedOrigin = allowedOrigin;
        this.credentials = credentials && allowedOrigin != null && !"*".equals(allowedOrigin);
    }

    /** Where the answer goes: the client's connection here, or the node that forwarded the request. */
    ResponseTarget target() {
        return target;
    }

    boolean keepAlive() {
        return keepAlive;
    }

    /** Runs {@code task} when the answer is claimed (to unhook listeners of a held request). */
    void onAnswered(Runnable task) {
        this.onAnswered = task;
    }

    /** Claims the right to answer; false if an answer was already written. */
    boolean claim() {
        if (!answered.compareAndSet(false, true)) {
            return false;
        }
        Runnable task = onAnswered;
        if (task != null) {
            task.run();
        }
        return true;
    }

    /** Writes {@code body} as {@code application/json} with {@code status}. */
    void json(HttpResponseStatus status, byte[] body) {
        if (!claim()) {
            return;
        }
        FullHttpResponse res = new DefaultFullHttpResponse(version, status, Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        write(res);
    }

    /** Writes {@code body} as {@code application/json} with {@code status}; releases it if already answered. */
    void json(HttpResponseStatus status, ByteBuf body) {
        if (!claim()) {
            body.release();
            return;
        }
        FullHttpResponse res = new DefaultFullHttpResponse(version, status, body);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        write(res);
    }

    /**
     * {@code 204 No Content} with only the headers the client needs: the CORS ones for an allowed origin and
     * {@code Connection} when the connection is not kept alive. No type, length or cache headers: a 204 has no body,
     * and the answer to a POST is not cached unless it says so. The answer to a bare acknowledgement, the most common
     * POST of an SSE session (docs/protocol.md 4.2), so these bytes are paid once per acknowledgement per session.
     */
    void noContent() {
        if (!claim()) {
            return;
        }
        FullHttpResponse res = new DefaultFullHttpResponse(version, HttpResponseStatus.NO_CONTENT,
                Unpooled.EMPTY_BUFFER);
        HttpHeaders h = res.headers();
        if (allowedOrigin != null) {
            h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowedOrigin);
            if (credentials) {
                h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
            }
        }
        connectionHeader(h);
        send(res);
    }

    /** Writes {@code body} with {@code status} and {@code contentType} (a rejection decided by the upgrade hook). */
    void raw(HttpResponseStatus status, String contentType, byte[] body) {
        if (!claim()) {
            return;
        }
        FullHttpResponse res = new DefaultFullHttpResponse(version, status, Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        write(res);
    }

    /** An error answer: {@code {"error": code, "message": message}} plus {@code close} when not null. */
    void error(HttpResponseStatus status, String code, String message, SessionClose close) {
        json(status, errorBody(code, message, close));
    }

    /** A security refusal: its status and JSON error, with {@code Retry-After} when it has one. */
    void refuse(dev.pushwire.server.internal.security.Refusal refusal) {
        if (!claim()) {
            return;
        }
        FullHttpResponse res = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(refusal.status()),
                Unpooled.wrappedBuffer(errorBody(refusal.code(), refusal.message(), null)));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        if (refusal.retryAfterSeconds() > 0) {
            res.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(refusal.retryAfterSeconds()));
        }
        write(res);
    }

    /** A 405 with the Allow header. */
    void methodNotAllowed(String method) {
        if (!claim()) {
            return;
        }
        FullHttpResponse res = new DefaultFullHttpResponse(version, HttpResponseStatus.METHOD_NOT_ALLOWED,
                Unpooled.wrappedBuffer(errorBody("method_not_allowed", "method " + method
                        + " is not used by the session protocol; use GET, POST, DELETE or OPTIONS", null)));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        res.headers().set(HttpHeaderNames.ALLOW, "GET, POST, DELETE, OPTIONS");
        write(res);
    }

    /** The answer to a CORS preflight. */
    void preflight() {
        if (!claim()) {
            return;
        }
        FullHttpResponse res = new DefaultFullHttpResponse(version, HttpResponseStatus.NO_CONTENT,
                Unpooled.EMPTY_BUFFER);
        res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, DELETE, OPTIONS");
        res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type, Last-Event-ID");
        res.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
        write(res);
    }

    /** Headers every answer carries (also the SSE head). */
    void commonHeaders(HttpHeaders h) {
        h.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (allowedOrigin != null) {
            h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowedOrigin);
            if (credentials) {
                h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
            }
            h.add(HttpHeaderNames.VARY, "Origin");
        }
        connectionHeader(h);
    }

    /** {@code Connection: close} when the connection is not kept alive, {@code keep-alive} for HTTP/1.0 when it is. */
    private void connectionHeader(HttpHeaders h) {
        if (keepAlive) {
            if (version.equals(HttpVersion.HTTP_1_0)) {
                h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
        } else {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    /** Drops the connection without an answer. */
    void abort() {
        if (claim()) {
            target.close();
        }
    }

    private void write(FullHttpResponse res) {
        commonHeaders(res.headers());
        HttpUtil.setContentLength(res, res.content().readableBytes());
        send(res);
    }

    private void send(FullHttpResponse res) {
        if (!target.isActive()) {
            res.release();
            return;
        }
        if (keepAlive) {
            target.writeAndFlush(res);
        } else {
            target.writeAndClose(res);
        }
    }

    static byte[] errorBody(String code, String message, SessionClose close) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96 + message.length());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("error", code);
            g.writeStringField("message", message);
            if (close != null) {
                SessionCodec.writeClose(g, close);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static ByteBuf utf8(String s) {
        return Unpooled.copiedBuffer(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
