package dev.pushwire.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One whole message, text or binary, as received from or sent to a peer. Immutable.
 *
 * <p>A text message holds a {@link String}; a binary message holds bytes. {@link #text()} on a binary
 * message decodes it as UTF-8 (replacing malformed input), and {@link #bytes()} on a text message encodes
 * it, so a handler that does not care about the type can use either.
 */
public final class Message {
    private final String text;
    private final byte[] bytes;
    /**
     * A text message's UTF-8, kept once encoded so that a message sent to many connections is encoded once.
     * Racy but benign: two threads may both encode, and either array is correct.
     */
    private byte[] utf8;

    private Message(String text, byte[] bytes) {
        this.text = text;
        this.bytes = bytes;
    }

    /** A text message. */
    public static Message text(String text) {
        return new Message(Objects.requireNonNull(text, "text"), null);
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

    /** A binary message; the array is not copied, so the caller must not change it afterwards. */
    public static Message binary(byte[] bytes) {
        return new Message(null, Objects.requireNonNull(bytes, "bytes"));
    }

    /** True for a text message (WebSocket opcode 1). */
    public boolean isText() {
        return text != null;
    }

    /** True for a binary message (WebSocket opcode 2). */
    public boolean isBinary() {
        return text == null;
    }

    /** The text; a binary message is decoded as UTF-8. */
    public String text() {
        return text != null ? text : new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The payload bytes (UTF-8 for a text message, encoded on first call and kept). The returned array must not be
     * changed.
     */
    public byte[] bytes() {
        if (bytes != null) {
            return bytes;
        }
        byte[] encoded = utf8;
        if (encoded == null) {
            encoded = text.getBytes(StandardCharsets.UTF_8);
            utf8 = encoded;
        }
        return encoded;
    }

    /**
     * Whether the payload bytes are at hand without encoding: always for binary, and for text once {@link #bytes()}
     * was called (see {@link #encodedText}). Transports use it to choose between sharing the bytes and encoding
     * straight into their own buffer.
     */
    public boolean hasBytes() {
        return bytes != null || utf8 != null;
    }

    /** The payload size in bytes (for a text message, its UTF-8 length). */
    public int size() {
        if (bytes != null) {
            return bytes.length;
        }
        byte[] encoded = utf8;
        return encoded != null ? encoded.length : Utf8.encodedLength(text);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Message)) {
            return false;
        }
        Message other = (Message) o;
        return Objects.equals(text, other.text) && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return text != null ? text.hashCode() : Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        if (text != null) {
            return text.length() <= 64 ? "text(\"" + text + "\")" : "text(" + text.length() + " chars)";
        }
        return "binary(" + bytes.length + " bytes)";
    }
}
