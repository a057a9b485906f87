package dev.pushwire.redis.internal;

/**
 * The names of everything the broker and presence store keep in Redis, for a channel {@code C} and the prefix
 * {@code P} (default {@code pushwire}):
 * <ul>
 *   <li>{@code P:meta:C}: hash, {@code e} = epoch, {@code s} = top offset</li>
 *   <li>{@code P:stream:C}: stream of the history, entry id {@code <offset>-0}, fields {@code b} (body) and
 *       {@code x} (expiry, unix ms)</li>
 *   <li>{@code P:idem:<length of C>:C:K}: string {@code epoch:offset} of the publish with idempotency key {@code K}</li>
 *   <li>{@code P:ch:C}: the pub/sub channel of publications, joins and leaves</li>
 *   <li>{@code P:presence:C} (hash, node/client to client) and {@code P:presence-exp:C} (sorted set, expiry)</li>
 *   <li>{@code P:bus:node:N}: the cluster bus's pub/sub channel of node {@code N}; {@code P:bus:nodes}: sorted set
 *       of live nodes, scored by expiry</li>
 * </ul>
 * Immutable.
 */
public record Keys(String prefix) {
    public String meta(String channel) {
        return prefix + ":meta:" + channel;
    }

    public String stream(String channel) {
        return prefix + ":stream:" + channel;
    }

    /** The channel's length comes first, so that no channel and key pair can name another pair's key. */
    public String idempotency(String channel, String key) {
        return prefix + ":idem:" + channel.length() + ":" + channel + ":" + key;
    }

    public String pubSub(String channel) {
        return prefix + ":ch:" + channel;
    }

    /** The channel of a pub/sub channel name, or null if it is not one of ours. */
    public String channelOf(String pubSubChannel) {
        String head = prefix + ":ch:";
        return pubSubChannel.startsWith(head) ? pubSubChannel.substring(head.length()) : null;
    }

    public String presence(String channel) {
        return prefix + ":presence:" + channel;
    }

    public String presenceExpiry(String channel) {
        return prefix + ":presence-exp:" + channel;
    }

    public String busNode(String node) {
        return prefix + ":bus:node:" + node;
    }

    public String busNodes() {
        return prefix + ":bus:nodes";
    }
}
