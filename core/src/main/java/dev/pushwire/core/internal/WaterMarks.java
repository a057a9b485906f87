package dev.pushwire.core.internal;

/**
 * The writability rule every transport shares: a connection turns unwritable when the bytes waiting to be sent
 * pass the high water mark and writable again only when they fall to the low one, so a producer that follows the
 * signal is not woken for every written frame. Stateless: each connection keeps its own {@code writable} flag (one
 * boolean, nothing allocated per connection).
 */
public final class WaterMarks {
    private WaterMarks() {
    }

    /**
     * Whether a connection is writable now.
     *
     * @param writable whether it was writable before
     * @param buffered the bytes waiting to be sent now
     */
    public static boolean writableAfter(boolean writable, long buffered, long lowWaterMark, long highWaterMark) {
        return writable ? buffered <= highWaterMark : buffered <= lowWaterMark;
    }
}
