package dev.pushwire.server.internal.http;

import dev.pushwire.core.internal.session.Receiver;
import dev.pushwire.core.internal.session.SequencedMessage;
import dev.pushwire.core.internal.session.SessionClose;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;

/**
 * A polling or long-polling GET: answered once with a JSON batch ({@link SessionWire#batch}). Called on the
 * session's thread.
 */
final class BatchReceiver implements Receiver {
    private final Mode mode;
    private final HttpAnswer answer;

    BatchReceiver(Mode mode, HttpAnswer answer) {
        this.mode = mode;
        this.answer = answer;
    }

    @Override
    public Mode mode() {
        return mode;
    }

    @Override
    public void deliver(List<SequencedMessage> batch, SessionClose close) {
        answer.json(HttpResponseStatus.OK, SessionWire.batch(answer.target().alloc(), batch, close));
    }

    @Override
    public void abort() {
        answer.abort();
    }
}
