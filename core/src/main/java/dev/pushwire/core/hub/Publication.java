package dev.pushwire.core.hub;

import java.util.Objects;

/**
 * One message published to a channel, as stored in history and delivered to subscribers. Immutable.
 *
 * @param channel the channel it was published to
 * @param offset  its offset in the channel's stream (1 for the first publication of an epoch)
 * @param epoch   the stream's epoch when it was published
 * @param data    the payload as raw JSON text (any JSON value), never null
 * @param info    the client that published it, or null when published by the server (API, {@link Hub#publish})
 * @param time    when the broker accepted it, in epoch milliseconds
 */
public record Publication(String channel, long offset, String epoch, String data, ClientInfo info, long time) {
    public Publication {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(data, "data");
    }

    /** The position of this publication in its channel's stream. */
    public StreamPosition position() {
        return new StreamPosition(epoch, offset);
    }
}
