package dev.pushwire.core.hub;

/**
 * Live figures of one {@link Hub} on this node, for metrics and health pages ({@link Hub#stats()}). The server's
 * meter binding reads them as gauges and counters (docs/operations.md).
 *
 * <p>Threading: every method may be called from any thread and does not block; a figure may lag the operations
 * still in flight on other threads. The counts ({@link #publications()}, {@link #recoveries()},
 * {@link #unrecoverable()}) only grow while the hub lives.
 */
public interface HubStats {
    /** Channels with at least one subscriber on this node. */
    int channels();

    /** Subscriptions on this node: a connection subscribed to a channel counts once, from subscribe to unsubscribe. */
    long subscriptions();

    /** Connections speaking the hub protocol on this node. */
    int connections();

    /** Publications that this node handed to the broker and the broker stored and delivered (client or server). */
    long publications();

    /** Subscribes with a {@code since} position that got exactly what they missed. */
    long recoveries();

    /** Subscribes with a {@code since} position that were answered {@code unrecoverable}. */
    long unrecoverable();

    /** Publishes refused with {@code rate_limited} (the per-connection publish rate). */
    default long publishesRateLimited() {
        return 0;
    }

    /** Pushes to slow subscribers dropped by their namespace's policy (drop-oldest or latest-value). */
    default long pushesDropped() {
        return 0;
    }

    /**
     * Connections closed with 4000 (slow consumer) by a subscription: unsent bytes past {@code slowSubscriberBytes}
     * under the {@code CLOSE} policy, a subscribe's pending buffer past its limit, or a channel's fan-out queue
     * overflowing on this node. Each connection counts once per subscription that closed it.
     */
    default long slowConsumerCloses() {
        return 0;
    }

    /**
     * Times the fan-out queue of a channel on this node overflowed (more than 16 x {@code slowSubscriberBytes}, at
     * least 16 MiB, of publications waiting); each closed that channel's subscribers here with 4000.
     */
    default long fanOutOverflows() {
        return 0;
    }
}
