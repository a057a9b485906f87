package dev.pushwire.core.internal.session;

import java.util.ArrayList;
import java.util.List;

/** A receiver that records what it was given, for asserts. */
final class RecordingReceiver implements Receiver {
    final Mode mode;
    final List<List<SequencedMessage>> batches = new ArrayList<>();
    SessionClose close;
    int heartbeats;
    boolean aborted;

    RecordingReceiver(Mode mode) {
        this.mode = mode;
    }

    @Override
    public Mode mode() {
        return mode;
    }

    @Override
    public void deliver(List<SequencedMessage> batch, SessionClose close) {
        batches.add(List.copyOf(batch));
        if (close != null) {
            this.close = close;
        }
    }

    @Override
    public void heartbeat() {
        heartbeats++;
    }

    @Override
    public void abort() {
        aborted = true;
    }

    /** The texts of every message delivered, in order. */
    List<String> texts() {
        List<String> out = new ArrayList<>();
        batches.forEach(b -> b.forEach(m -> out.add(m.message().text())));
        return out;
    }

    List<Long> seqs() {
        List<Long> out = new ArrayList<>();
        batches.forEach(b -> b.forEach(m -> out.add(m.seq())));
        return out;
    }
}
