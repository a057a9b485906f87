package dev.pushwire.core.hub;

import java.util.Objects;

/**
 * A position in a channel's publication stream: the stream's {@code epoch} and an {@code offset} in it.
 *
 * <p>Every publication gets the next offset of its channel (the first is 1; 0 means "before the first"). The epoch
 * names one life of the stream: when a stream is lost (a restart of an in-memory broker, history removed), the new
 * stream gets a new epoch, so offsets from the old life are never mistaken for offsets of the new one. A client that
 * remembers the position of the last publication it saw can ask to resume from it ({@code since}).
 *
 * @param epoch  the stream's epoch, never null (may be empty only for a position that names no stream)
 * @param offset the offset of a publication, or of the last one before a point in time; never negative
 */
public record StreamPosition(String epoch, long offset) {
    public StreamPosition {
        Objects.requireNonNull(epoch, "epoch");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
    }

    @Override
    public String toString() {
        return epoch + ":" + offset;
    }
}
