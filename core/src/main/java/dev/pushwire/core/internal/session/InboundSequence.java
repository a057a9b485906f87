package dev.pushwire.core.internal.session;

/**
 * Client-to-server sequence numbers of one session: the client numbers its messages 1, 2, 3, ... and a POST says
 * the number of its first message. A retried POST (same numbers) is applied once; a POST that overlaps what was
 * received is applied from the first new message; a POST that skips numbers is refused, so nothing is reordered.
 * Not thread-safe: confined to the session's thread.
 */
final class InboundSequence {
    private long received;

    /** The highest client sequence number applied (0 before any). */
    long received() {
        return received;
    }

    /**
     * For a POST whose first message has {@code firstSeq} and which carries {@code count} messages: how many of
     * them, from the front, were already applied and must be skipped.
     *
     * @throws SessionException {@code sequence_gap} if {@code firstSeq} is beyond the next expected number
     */
    int alreadyApplied(long firstSeq, int count) throws SessionException {
        if (firstSeq < 1) {
            throw new SessionException(SessionException.SEQUENCE_GAP, 400,
                    "seq must be >= 1 (the number of the first message in the body), was " + firstSeq);
        }
        if (firstSeq > received + 1) {
            throw new SessionException(SessionException.SEQUENCE_GAP, 400, "seq " + firstSeq + " skips messages:"
                    + " the server has received up to " + received + ", so the next POST must start at "
                    + (received + 1) + "; resend from there");
        }
        long skip = received + 1 - firstSeq;
        return (int) Math.min(skip, count);
    }

    /** Records that {@code count} more messages were applied. */
    void applied(int count) {
        received += count;
    }
}
