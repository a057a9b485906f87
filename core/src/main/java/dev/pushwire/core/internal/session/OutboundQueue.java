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
    private final List<Entry> entries = new ArrayList<>();
    private int head;
    private long ackedSeq;
    private long lastSeq;
    private long deliveredSeq;
    private long bytes;

    /** Queues {@code message}; returns its sequence number. */
    long add(Message message, SendCallback callback) {
        long seq = ++lastSeq;
        entries.add(new Entry(new SequencedMessage(seq, message), callback));
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
            Entry e = entries.set(head++, null);
            ackedSeq++;
            bytes -= e.message.message().size();
            if (e.callback != null) {
                complete.accept(e.callback, null);
            }
        }
        if (head == entries.size()) {
            entries.clear();
            head = 0;
        } else if (head > 1024 && head > entries.size() / 2) {
            entries.subList(0, head).clear();
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
        List<SequencedMessage> batch = new ArrayList<>();
        long size = 0;
        for (int i = head + (int) (from - ackedSeq - 1); i < entries.size(); i++) {
            SequencedMessage m = entries.get(i).message;
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
        for (int i = head; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.callback != null) {
                complete.accept(e.callback, error);
            }
        }
        entries.clear();
        head = 0;
        bytes = 0;
    }

    private record Entry(SequencedMessage message, SendCallback callback) {
    }
}
