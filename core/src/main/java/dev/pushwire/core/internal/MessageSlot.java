package dev.pushwire.core.internal;

import dev.pushwire.core.Message;

/**
 * The one slot every {@link Message} keeps for the transports' cached wire encodings, so a message sent to many
 * connections is encoded once (the HTTP session transports keep their SSE and JSON forms there). Internal: the
 * slot's content is the transports' business, and only {@link Message} installs the access. Thread-safe.
 */
public final class MessageSlot {
    /** Reads and fills a message's slot; implemented by {@link Message}. */
    public interface Access {
        /** The slot's content, or null. */
        Object get(Message m);

        /** Sets the slot to {@code value} unless it is set already; returns what it holds afterwards. */
        Object putIfAbsent(Message m, Object value);
    }

    private static volatile Access access;

    private MessageSlot() {
    }

    /** Called once, by {@link Message}'s static initializer. */
    public static void install(Access a) {
        if (access != null) {
            throw new IllegalStateException("the message slot access is installed already");
        }
        access = a;
    }

    /** The slot's content, or null. */
    public static Object get(Message m) {
        return access.get(m);
    }

    /** Sets the slot to {@code value} unless it is set already; returns what it holds afterwards. */
    public static Object putIfAbsent(Message m, Object value) {
        return access.putIfAbsent(m, value);
    }
}
