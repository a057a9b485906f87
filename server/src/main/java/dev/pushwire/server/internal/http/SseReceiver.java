package dev.pushwire.server.internal.http;

import dev.pushwire.core.internal.session.Receiver;
import dev.pushwire.core.internal.session.SequencedMessage;
import dev.pushwire.core.internal.session.SessionClose;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An SSE stream: a {@code text/event-stream} response that stays open, one event per message ({@code id} = seq;
 * text as the data itself, binary as {@code event:b}, see {@link SessionWire#sseEvents}), comment heartbeats, and
 * {@code event:close} at the end. Called on the session's thread; writes go to the stream's target, in order. On a
 * connection of this node each delivery is one buffer, already framed as an HTTP/1.1 chunk, written past the HTTP
 * encoder ({@link ResponseTarget#rawChunks()}).
 */
final class SseReceiver implements Receiver {
    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);
    private final HttpAnswer answer;
    private final ResponseTarget target;
    /** Where pre-framed chunks go, or null: they go to {@link #target} as HTTP content. */
    private final ChannelHandlerContext raw;
    /** Session thread only. */
    private boolean ended;

    /**
     * Writes the response head and the first lines at once, so proxies and browsers see the stream open.
     *
     * @param openJson the open object when this request opened the session (sent as {@code event: open}), or null
     */
    SseReceiver(HttpAnswer answer, String openJson, long retryMillis) {
        this.answer = answer;
        this.target = answer.target();
        answer.claim();
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        head.headers().set("X-Accel-Buffering", "no");
        answer.commonHeaders(head.headers());
        HttpUtil.setTransferEncodingChunked(head, true);
        target.write(head);
        StringBuilder first = new StringBuilder(64).append("retry:").append(retryMillis).append("\n\n");
        if (openJson != null) {
            first.append("event:open\ndata:").append(openJson).append("\n\n");
        }
        target.writeAndFlush(new DefaultHttpContent(HttpAnswer.utf8(first.toString())));
        this.raw = target.rawChunks();
    }

    @Override
    public Mode mode() {
        return Mode.STREAM;
    }

    @Override
    public void deliver(List<SequencedMessage> batch, SessionClose close) {
        if (ended) {
            return;
        }
        if (!batch.isEmpty() || close != null) {
            if (raw != null) {
                if (raw.channel().isActive()) { // a write that fails on a closed one is logged at DEBUG only
                    raw.write(SessionWire.sseChunk(raw.alloc(), batch, close), raw.voidPromise());
                }
            } else {
                target.write(new DefaultHttpContent(SessionWire.sseEvents(target.alloc(), batch, close)));
            }
        }
        if (close != null) {
            ended = true;
            target.writeAndClose(LastHttpContent.EMPTY_LAST_CONTENT);
        } else if (raw != null) {
            raw.flush();
        } else {
            target.flush();
        }
    }

    @Override
    public void heartbeat() {
        if (ended) {
            return;
        }
        if (raw != null) {
            if (raw.channel().isActive()) {
                raw.writeAndFlush(SessionWire.chunk(raw.alloc(), HEARTBEAT), raw.voidPromise());
            }
        } else {
            target.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(HEARTBEAT)));
        }
    }

    @Override
    public void abort() {
        ended = true;
        target.close();
    }

    /** Ends the stream without a close event (replaced by a newer stream of the same session). */
    @Override
    public void replaced() {
        if (!ended) {
            ended = true;
            target.writeAndClose(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }
}
