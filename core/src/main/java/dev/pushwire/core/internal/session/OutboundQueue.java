package dev.pushwire.core.internal.session;

import dev.pushwire.core.Message;
import dev.pushwire.core.SendCallback;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Server-to-client messages of one session, numbered 1, 2, 3, ... and kept until the client acknowledges them
 * (an ack of N means "I have every message up to N"). A response carries the oldest unacknowledged messages up to a
 * byte cap; a lost response is simply sent again, and the client drops sequence numbers it already has.
 *
 * <p>Sizes are payload bytes ({@link Message#size()}), not encoded bytes. Not thread-safe: confined to the
 * session's thread.
 */
final class OutboundQueue {
    /** Entries from {@link #head} on are unacknowledged, in order; the first has seq {@link #ackedSeq} + 1. */
    private final List<SequencedMessage> entries = new ArrayList<>();
    /**
     * The callbacks of {@link #entries}, index for index; null until a message with a callback is queued (a
     * broadcast has none, so its messages cost one object each here, not two).
     */
    private List<SendCallback> callbacks;
    private int head;
    private long ackedSeq;
    private long lastSeq;
    private long deliveredSeq;
    private long bytes;

    /** Queues {@code message}; returns its sequence number. */
    long add(Message message, SendCallback callback) {
        long seq = ++lastSeq;
        if (callback != null && callbacks == null) {
            callbacks = new ArrayList<>(Math.max(16, entries.size() + 1));
            for (int i = 0; i < entries.size(); i++) {
                callbacks.add(null);
            }
        }
        entries.add(new SequencedMessage(seq, message));
        if (callbacks != null) {
            callbacks.add(callback);
        }
        bytes += message.size();
        return seq;
    }

    /** Payload bytes queued and not acknowledged. */
    long bytes() {
        return bytes;
    }

    /** The highest acknowledged sequence number (0 before any). */
    long ackedSeq() {
        return ackedSeq;
    }

    /** The highest sequence number handed to a receiver (0 before any). */
    long deliveredSeq() {
        return deliveredSeq;
    }

    /** The highest sequence number queued (0 before any). */
    long lastSeq() {
        return lastSeq;
    }

    /** Whether there are messages after {@code seq}. */
    boolean hasAfter(long seq) {
        return lastSeq > seq;
    }

    /**
     * Acknowledges every message up to {@code ack} and drops them, telling each one's callback. An ack at or below
     * the current one is a harmless repeat (a retried request).
     *
     * @throws SessionException {@code bad_ack} if {@code ack} is negative or beyond the last delivered message
     */
    void acknowledge(long ack, BiConsumer<SendCallback, Throwable> complete) throws SessionException {
        if (ack < 0 || ack > deliveredSeq) {
            throw new SessionException(SessionException.BAD_ACK, 400, "ack " + ack + " is not a sequence number this"
                    + " session delivered (delivered up to " + deliveredSeq + "); send the highest seq you received");
        }
        while (ackedSeq < ack) {
            SequencedMessage m = entries.set(head, null);
            SendCallback callback = callbacks == null ? null : callbacks.set(head, null);
            head++;
            ackedSeq++;
            bytes -= m.message().size();
            if (callback != null) {
                complete.accept(callback, null);
            }
        }
        if (head == entries.size()) {
            entries.clear();
            callbacks = null;
            head = 0;
        } else if (head > 1024 && head > entries.size() / 2) {
            entries.subList(0, head).clear();
            if (callbacks != null) {
                callbacks.subList(0, head).clear();
            }
            head = 0;
        }
    }

    /**
     * The messages after {@code afterSeq} (at least {@link #ackedSeq}), oldest first, up to {@code maxBytes} of
     * payload; the first one is always included however big. Marks them delivered.
     */
    List<SequencedMessage> batchAfter(long afterSeq, int maxBytes) {
        long from = Math.max(afterSeq, ackedSeq) + 1;
        if (from > lastSeq) {
            return List.of();
        }
        int first = head + (int) (from - ackedSeq - 1);
        if (first == entries.size() - 1) { // the common case of a stream: one new message
            SequencedMessage m = entries.get(first);
            deliveredSeq = Math.max(deliveredSeq, m.seq());
            return List.of(m);
        }
        List<SequencedMessage> batch = new ArrayList<>();
        long size = 0;
        for (int i = first; i < entries.size(); i++) {
            SequencedMessage m = entries.get(i);
            int s = m.message().size();
            if (!batch.isEmpty() && size + s > maxBytes) {
                break;
            }
            batch.add(m);
            size += s;
        }
        deliveredSeq = Math.max(deliveredSeq, batch.get(batch.size() - 1).seq());
        return batch;
    }

    /** Drops every queued message, telling each callback {@code error}. */
    void clear(Throwable error, BiConsumer<SendCallback, Throwable> complete) {
        if (callbacks != null) {
            for (int i = head; i < callbacks.size(); i++) {
                SendCallback callback = callbacks.get(i);
                if (callback != null) {
                    complete.accept(callback, error);
                }
            }
        }
        entries.clear();
        callbacks = null;
        head = 0;
        bytes = 0;
    }
}
