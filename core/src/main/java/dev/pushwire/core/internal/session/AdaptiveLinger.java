package dev.pushwire.core.internal.session;

/**
 * How long the messages of a long-polling session wait, from the first one queued after an answer, for more to come
 * before a poll (held, or arriving) answers, so that one answer carries several (docs/protocol.md, "Choosing
 * longPollLinger"). Adapts to the session's own message rate:
 *
 * <ul>
 *   <li>a quiet session (the message came more than the budget after the one before it): no wait at all;</li>
 *   <li>a session whose messages come too far apart for waiting to pay (the budget holds fewer than
 *       {@value #MIN_GATHERED} mean gaps, e.g. 10 a second against the 50 ms default): no wait either, as a wait
 *       would add latency to nearly every message and save almost no requests;</li>
 *   <li>a busy one: the answer goes as soon as {@value #BATCH} messages wait (a steady feed's first message waits
 *       three gaps), or after {@value #GAPS_PER_LINGER} mean gaps if the batch has not filled by then, never later
 *       than the budget; a burst (gaps near 0) goes at once.</li>
 * </ul>
 *
 * <p>The mean gap is an exponentially weighted moving average of the gaps between queued messages. Not
 * thread-safe: confined to the session's thread.
 */
final class AdaptiveLinger {
    /**
     * Messages an answer waits to carry: four make 0.25 requests per message, under the 0.3 that three could not
     * reach (docs/TRANSPORTS.md, "The long-poll trade-off").
     */
    static final int BATCH = 4;
    /** The longest wait, in mean gaps: the batch's last message may come half a gap late. */
    static final double GAPS_PER_LINGER = 3.5;
    /** Waiting must be able to gather at least this many more messages within the budget, else the answer goes. */
    static final int MIN_GATHERED = 2;
    /** Weight of the newest gap in the moving average. */
    private static final double WEIGHT = 0.25;

    private final long maxMillis;
    private long lastArrival = -1;
    private long lastGap = Long.MAX_VALUE;
    private double meanGap = -1;
    /** When the first message not yet answered was queued; -1 when none waits, 0 when they go at once. */
    private long pendingSince = -1;
    /** Messages queued since the last answer. */
    private int pending;

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
        pending++;
    }

    /**
     * A poll was answered; {@code more} when messages were left for the next one (the answer was full), which then
     * goes at once.
     */
    void answered(boolean more) {
        pendingSince = more ? 0 : -1;
        pending = 0;
    }

    /** How much longer the waiting messages should wait for more before a held poll answers: 0 for at once. */
    long waitMillis(long nowMillis) {
        if (pendingSince < 0 || pending >= BATCH) {
            return 0;
        }
        return Math.max(0, pendingSince + lingerMillis() - nowMillis);
    }

    /**
     * The longest linger for the current rate: 0 for a quiet session or one too slow for waiting to pay, else
     * {@value #GAPS_PER_LINGER} mean gaps within the budget.
     */
    long lingerMillis() {
        if (maxMillis <= 0 || meanGap < 0 || lastGap > maxMillis || MIN_GATHERED * meanGap > maxMillis) {
            return 0;
        }
        return Math.min(maxMillis, Math.round(GAPS_PER_LINGER * meanGap));
    }
}
