package dev.pushwire.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * One whole message, text or binary, as received from or sent to a peer. Immutable and safe to share between
 * threads and connections.
 *
 * <p>A text message holds a {@link String}, its UTF-8 bytes, or both: each form is made from the other on first
 * use and kept, so a message received as bytes and sent on (an echo, a relay) is never decoded, and a message sent
 * to many connections is encoded once. {@link #text()} on a binary message decodes it as UTF-8 (replacing malformed
 * input), and {@link #bytes()} on a text message encodes it, so a handler that does not care about the type can use
 * either.
 */
public final class Message {
    private final boolean isText;
    /** The text; for a text message made from bytes, decoded on first use (volatile: set by whoever asks first). */
    private volatile String text;
    /** A binary payload, or a text's UTF-8 (encoded on first use when made from a String). */
    private volatile byte[] bytes;
    /**
     * Wire encodings of this message, made by the transports on first use and shared by every connection it is
     * sent to (see {@link dev.pushwire.core.internal.MessageSlot}); null until then.
     */
    private volatile Object encodings;

    private static final AtomicReferenceFieldUpdater<Message, Object> ENCODINGS =
            AtomicReferenceFieldUpdater.newUpdater(Message.class, Object.class, "encodings");

    static {
        dev.pushwire.core.internal.MessageSlot.install(new dev.pushwire.core.internal.MessageSlot.Access() {
            @Override
            public Object get(Message m) {
                return m.encodings;
            }

            @Override
            public Object putIfAbsent(Message m, Object value) {
                return ENCODINGS.compareAndSet(m, null, value) ? value : m.encodings;
            }
        });
    }

    private Message(boolean isText, String text, byte[] bytes) {
        this.isText = isText;
        this.text = text;
        this.bytes = bytes;
    }

    /** A text message. */
    public static Message text(String text) {
        return new Message(true, Objects.requireNonNull(text, "text"), null);
    }

    /**
     * A text message encoded to UTF-8 at once: use it for a message sent to many connections (a broadcast), so
     * every transport writes the same bytes instead of encoding the text again per connection.
     */
    public static Message encodedText(String text) {
        Message m = text(text);
        m.bytes();
        return m;
    }

    /**
     * A text message from bytes already checked to be valid UTF-8 (the transports use it for what they receive);
     * the text is decoded on first use. The array is not copied. Malformed input is not rejected here: it would
     * be replaced by U+FFFD when decoded.
     */
    public static Message textOfUtf8(byte[] utf8) {
        return new Message(true, null, Objects.requireNonNull(utf8, "utf8"));
    }

    /** A binary message; the array is not copied, so the caller must not change it afterwards. */
    public static Message binary(byte[] bytes) {
        return new Message(false, null, Objects.requireNonNull(bytes, "bytes"));
    }

    /** True for a text message (WebSocket opcode 1). */
    public boolean isText() {
        return isText;
    }

    /** True for a binary message (WebSocket opcode 2). */
    public boolean isBinary() {
        return !isText;
    }

    /** The text (decoded on first call for a text made from bytes); a binary message is decoded as UTF-8. */
    public String text() {
        if (!isText) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        String t = text;
        if (t == null) {
            t = new String(bytes, StandardCharsets.UTF_8);
            text = t;
        }
        return t;
    }

    /**
     * The payload bytes (UTF-8 for a text message, encoded on first call and kept). The returned array must not be
     * changed.
     */
    public byte[] bytes() {
        byte[] b = bytes;
        if (b == null) {
            b = text.getBytes(StandardCharsets.UTF_8);
            bytes = b;
        }
        return b;
    }

    /**
     * Whether the payload bytes are at hand without encoding: always for binary, and for text once it has them
     * (received as bytes, made by {@link #encodedText}, or after {@link #bytes()}). Transports use it to choose
     * between sharing the bytes and encoding straight into their own buffer.
     */
    public boolean hasBytes() {
        return bytes != null;
    }

    /** The payload size in bytes (for a text message, its UTF-8 length). */
    public int size() {
        byte[] b = bytes;
        return b != null ? b.length : Utf8.encodedLength(text);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Message)) {
            return false;
        }
        Message other = (Message) o;
        if (isText != other.isText) {
            return false;
        }
        return isText ? text().equals(other.text()) : Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return isText ? text().hashCode() : Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        if (isText) {
            String t = text();
            return t.length() <= 64 ? "text(\"" + t + "\")" : "text(" + t.length() + " chars)";
        }
        return "binary(" + bytes.length + " bytes)";
    }
}
