package dev.pushwire.core.internal.session;

import dev.pushwire.core.Message;
import java.util.Objects;

/**
 * A server-to-client message with its sequence number in its session (1, 2, 3, ... with no gaps).
 *
 * @param seq     the sequence number, from 1
 * @param message the message
 */
public record SequencedMessage(long seq, Message message) {
    public SequencedMessage {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1, was " + seq);
        }
        Objects.requireNonNull(message, "message");
    }
}
