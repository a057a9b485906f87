package dev.pushwire.core.hub;

/**
 * What the hub does when a subscriber's connection has more unsent bytes than
 * {@link HubOptions#slowSubscriberBytes()} while publications keep coming.
 */
public enum SlowSubscriberPolicy {
    /**
     * Close the connection with {@link dev.pushwire.core.CloseCode#SLOW_CONSUMER} (4000, the client should
     * reconnect and recover from history). The default: no publication is ever silently skipped.
     */
    CLOSE,
    /**
     * Keep up to {@link ChannelOptions#slowSubscriberQueue()} publications for the subscriber and drop the oldest
     * past that; send them as the connection drains. The subscriber sees a gap in offsets.
     */
    DROP_OLDEST,
    /**
     * Keep only the latest publication for the subscriber and send it when the connection drains (for channels
     * that carry whole states, like a price or a score). The subscriber sees a gap in offsets.
     */
    LATEST_VALUE
}
