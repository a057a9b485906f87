package dev.pushwire.core.hub.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counts behind {@link dev.pushwire.core.hub.HubStats} that the engine cannot read off its maps. Thread safe:
 * adders, bumped by session threads, channel executors and broker callbacks.
 */
final class HubCounters {
    final LongAdder subscriptions = new LongAdder();
    final LongAdder publications = new LongAdder();
    final LongAdder recoveries = new LongAdder();
    final LongAdder unrecoverable = new LongAdder();
    final LongAdder publishesRateLimited = new LongAdder();
    final LongAdder pushesDropped = new LongAdder();
    /** Connections closed with 4000 (slow consumer) by any of the hub's byte limits. */
    final LongAdder slowConsumerCloses = new LongAdder();
    /** Times a channel's fan-out queue on this node overflowed (each also closes its subscribers here). */
    final LongAdder fanOutOverflows = new LongAdder();
}
