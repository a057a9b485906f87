package dev.pushwire.server.internal.http;

import dev.pushwire.core.internal.session.Receiver;
import dev.pushwire.core.internal.session.SequencedMessage;
import dev.pushwire.core.internal.session.SessionClose;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * An SSE stream: a {@code text/event-stream} response that stays open, one event per message ({@code id} = seq;
 * text as the data itself, binary as {@code event: b}, see {@link SessionWire#sseEvents}), comment heartbeats, and
 * {@code event: close} at the end. Called on the session's thread; writes go to the
 * stream's target, in order.
 */
final class SseReceiver implements Receiver {
    private final HttpAnswer answer;
    private final ResponseTarget target;
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
        StringBuilder first = new StringBuilder(64).append("retry: ").append(retryMillis).append("\n\n");
        if (openJson != null) {
            first.append("event: open\ndata: ").append(openJson).append("\n\n");
        }
        target.writeAndFlush(new DefaultHttpContent(HttpAnswer.utf8(first.toString())));
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
            target.write(new DefaultHttpContent(SessionWire.sseEvents(target.alloc(), batch, close)));
        }
        if (close != null) {
            ended = true;
            target.writeAndClose(LastHttpContent.EMPTY_LAST_CONTENT);
        } else {
            target.flush();
        }
    }

    @Override
    public void heartbeat() {
        if (!ended) {
            target.writeAndFlush(new DefaultHttpContent(HttpAnswer.utf8(": heartbeat\n\n")));
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
