package dev.pushwire.core.hub;

/**
 * One channel with subscribers on this node, as an admin page shows it ({@link Hub#channelStats()}).
 *
 * @param name         the channel
 * @param subscribers  subscriptions to it on this node
 * @param publications publications this node fanned out for it since it got its first local subscriber
 */
public record ChannelStats(String name, int subscribers, long publications) {
}
