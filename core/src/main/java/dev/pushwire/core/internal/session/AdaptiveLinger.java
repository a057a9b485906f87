package dev.pushwire.core.internal.session;

/**
 * How long the messages of a long-polling session wait, from the first one queued after an answer, for more to come
 * before a poll (held, or arriving) answers, so that one answer carries several (docs/protocol.md, "Choosing longPollLinger"). Adapts to the session's own message rate:
 *
 * <ul>
 *   <li>a quiet session (the message came more than the maximum after the one before it): no wait at all, the
 *       message goes at once;</li>
 *   <li>a busy one: about {@value #GAPS_PER_LINGER} mean gaps between messages, so an answer carries about four of
 *       them, never more than the maximum (the latency budget); a burst (gaps
 *       near 0) goes at once, as what queues while the next poll travels batches by itself.</li>
 * </ul>
 *
 * <p>The mean gap is an exponentially weighted moving average of the gaps between queued messages. Not
 * thread-safe: confined to the session's thread.
 */
final class AdaptiveLinger {
    /**
     * Mean gaps waited for: a steady feed gets the first message and the three to four that follow it in one answer
     * (four at an even rate: 0.25 requests per message).
     */
    static final double GAPS_PER_LINGER = 3.5;
    /** Weight of the newest gap in the moving average. */
    private static final double WEIGHT = 0.25;

    private final long maxMillis;
    private long lastArrival = -1;
    private long lastGap = Long.MAX_VALUE;
    private double meanGap = -1;
    /** When the first message not yet answered was queued; -1 when none waits. */
    private long pendingSince = -1;

    /** @param maxMillis the latency budget: the longest linger; 0 turns lingering off */
    AdaptiveLinger(long maxMillis) {
        this.maxMillis = maxMillis;
    }

    /** Notes a message queued at {@code nowMillis}. */
    void arrived(long nowMillis) {
        if (lastArrival >= 0) {
            // a long silence counts as twice the budget, so the average recovers within a few messages
            long gap = Math.min(Math.max(0, nowMillis - lastArrival), 2 * maxMillis + 1);
            lastGap = gap;
            meanGap = meanGap < 0 ? gap : meanGap + WEIGHT * (gap - meanGap);
        }
        lastArrival = nowMillis;
        if (pendingSince < 0) {
            pendingSince = nowMillis;
        }
    }

    /**
     * A poll was answered; {@code more} when messages were left for the next one (the answer was full), which then
     * goes at once.
     */
    void answered(boolean more) {
        pendingSince = more ? 0 : -1;
    }

    /** How much longer the waiting messages should wait for more before a held poll answers: 0 for at once. */
    long waitMillis(long nowMillis) {
        if (pendingSince < 0) {
            return 0;
        }
        return Math.max(0, pendingSince + lingerMillis() - nowMillis);
    }

    /** The linger for the current rate: 0 for a quiet session, else about {@value #GAPS_PER_LINGER} gaps. */
    long lingerMillis() {
        if (maxMillis <= 0 || meanGap < 0 || lastGap > maxMillis) {
            return 0;
        }
        return Math.min(maxMillis, Math.round(GAPS_PER_LINGER * meanGap));
    }
}
