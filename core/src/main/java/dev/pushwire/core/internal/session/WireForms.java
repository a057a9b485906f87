package dev.pushwire.core.internal.session;

import dev.pushwire.core.Message;
import dev.pushwire.core.internal.MessageSlot;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The parts of a server-to-client message's wire forms (docs/protocol.md) that do not depend on the session: made
 * once per message and format, kept on the message ({@link MessageSlot}), and shared by every session it is sent to,
 * which only writes its own sequence number in front.
 *
 * <pre>
 * SSE event   = {@link #ssePrefix()} seq "\n" {@link #sseData()}      e.g. "id:" 7 "\n" "data:hello\n\n"
 * JSON object = "{\"seq\":" seq {@link #jsonTail()}               e.g. {"seq": 7 ,"type":"text","data":"hello"}
 * </pre>
 *
 * <p>Thread-safe: each form is computed at most once (under this object's lock) and then read without one.
 */
public final class WireForms {
    /** The SSE kind of a text message without CR: the default {@code message} event. */
    public static final int SSE_TEXT = 0;
    /** The SSE kind of a binary message: {@code event:b}, base64 data. */
    public static final int SSE_BINARY = 1;
    /** The SSE kind of a text message with a CR: {@code event:j}, the text as a JSON string. */
    public static final int SSE_JSON_TEXT = 2;

    /*
     * No space after the colons (docs/protocol.md 4.2): a reader drops one space there if present, so it is optional,
     * and leaving it out saves two bytes a message. A data line whose text starts with a space keeps the space after
     * the colon, so that the text's own space survives.
     */
    private static final byte[][] SSE_PREFIXES = {ascii("id:"), ascii("event:b\nid:"), ascii("event:j\nid:")};
    private static final byte[] DATA = ascii("data:");
    private static final byte[] DATA_SPACE = ascii("data: ");
    private static final byte[] TEXT_TAIL = ascii(",\"type\":\"text\",\"data\":\"");
    private static final byte[] BINARY_TAIL = ascii(",\"type\":\"binary\",\"data\":\"");
    private static final byte[] HEX = ascii("0123456789abcdef");

    private final Message message;
    private volatile byte[] sseData;
    private int sseKind;
    private volatile byte[] jsonTail;
    /** How many times each form was computed (at most once each; tests check it). Guarded by this. */
    private int sseEncodings;
    private int jsonEncodings;

    private WireForms(Message message) {
        this.message = message;
    }

    /** The forms of {@code m}: the same object for every caller, on any thread. */
    public static WireForms of(Message m) {
        Object forms = MessageSlot.get(m);
        if (forms instanceof WireForms w) {
            return w;
        }
        return (WireForms) MessageSlot.putIfAbsent(m, new WireForms(m));
    }

    /** {@link #SSE_TEXT}, {@link #SSE_BINARY} or {@link #SSE_JSON_TEXT}. */
    public int sseKind() {
        sseData();
        return sseKind;
    }

    /** What goes before the seq of this message's SSE event: {@code id:}, or an {@code event:} line and it. */
    public byte[] ssePrefix() {
        return SSE_PREFIXES[sseKind()];
    }

    /** The {@code data:} lines of this message's SSE event and the blank line that ends it. Do not change. */
    public byte[] sseData() {
        byte[] d = sseData;
        if (d == null) {
            synchronized (this) {
                d = sseData;
                if (d == null) {
                    d = encodeSse();
                    sseEncodings++;
                    sseData = d;
                }
            }
        }
        return d;
    }

    /** What follows {@code {"seq":N} in this message's JSON object, through its closing brace. Do not change. */
    public byte[] jsonTail() {
        byte[] t = jsonTail;
        if (t == null) {
            synchronized (this) {
                t = jsonTail;
                if (t == null) {
                    t = encodeJsonTail();
                    jsonEncodings++;
                    jsonTail = t;
                }
            }
        }
        return t;
    }

    /** How many times the SSE form was computed: 0 or 1 (for tests). */
    public synchronized int sseEncodings() {
        return sseEncodings;
    }

    /** How many times the JSON form was computed: 0 or 1 (for tests). */
    public synchronized int jsonEncodings() {
        return jsonEncodings;
    }

    private byte[] encodeSse() {
        if (message.isBinary()) {
            sseKind = SSE_BINARY;
            byte[] b64 = Base64.getEncoder().encode(message.bytes());
            return concat(DATA, b64, "\n\n");
        }
        byte[] text = message.bytes();
        if (indexOf(text, (byte) '\r') >= 0) {
            sseKind = SSE_JSON_TEXT;
            Bytes out = new Bytes(text.length + 16);
            out.add(DATA).add((byte) '"');
            escapeJson(text, out);
            return out.add((byte) '"').add((byte) '\n').add((byte) '\n').toArray();
        }
        sseKind = SSE_TEXT;
        int lines = 1;
        for (byte c : text) {
            if (c == '\n') {
                lines++;
            }
        }
        Bytes out = new Bytes(text.length + lines * (DATA_SPACE.length + 1) + 1);
        int from = 0;
        for (int i = 0; i <= text.length; i++) {
            if (i == text.length || text[i] == '\n') {
                out.add(i > from && text[from] == ' ' ? DATA_SPACE : DATA).add(text, from, i - from).add((byte) '\n');
                from = i + 1;
            }
        }
        return out.add((byte) '\n').toArray();
    }

    private byte[] encodeJsonTail() {
        if (message.isBinary()) {
            byte[] b64 = Base64.getEncoder().encode(message.bytes());
            return new Bytes(BINARY_TAIL.length + b64.length + 2).add(BINARY_TAIL).add(b64, 0, b64.length)
                    .add((byte) '"').add((byte) '}').toArray();
        }
        byte[] text = message.bytes();
        Bytes out = new Bytes(TEXT_TAIL.length + text.length + 8).add(TEXT_TAIL);
        escapeJson(text, out);
        return out.add((byte) '"').add((byte) '}').toArray();
    }

    /**
     * Appends UTF-8 {@code text} as the inside of a JSON string: {@code "} and {@code \} and the control characters
     * below U+0020 escaped, every other byte as is (UTF-8 is valid JSON).
     */
    static void escapeJson(byte[] text, Bytes out) {
        int from = 0;
        for (int i = 0; i < text.length; i++) {
            int c = text[i] & 0xff;
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.add(text, from, i - from);
            from = i + 1;
            switch (c) {
                case '"' -> out.add((byte) '\\').add((byte) '"');
                case '\\' -> out.add((byte) '\\').add((byte) '\\');
                case '\n' -> out.add((byte) '\\').add((byte) 'n');
                case '\r' -> out.add((byte) '\\').add((byte) 'r');
                case '\t' -> out.add((byte) '\\').add((byte) 't');
                default -> out.add((byte) '\\').add((byte) 'u').add((byte) '0').add((byte) '0')
                        .add(HEX[c >> 4]).add(HEX[c & 0xf]);
            }
        }
        out.add(text, from, text.length - from);
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b, String end) {
        byte[] e = ascii(end);
        byte[] out = new byte[a.length + b.length + e.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(e, 0, out, a.length + b.length, e.length);
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A growable byte array (no synchronization, unlike ByteArrayOutputStream). */
    static final class Bytes {
        private byte[] a;
        private int n;

        Bytes(int capacity) {
            a = new byte[Math.max(16, capacity)];
        }

        Bytes add(byte b) {
            ensure(1);
            a[n++] = b;
            return this;
        }

        Bytes add(byte[] b) {
            return add(b, 0, b.length);
        }

        Bytes add(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, a, n, len);
            n += len;
            return this;
        }

        byte[] toArray() {
            return n == a.length ? a : java.util.Arrays.copyOf(a, n);
        }

        private void ensure(int more) {
            if (n + more > a.length) {
                a = java.util.Arrays.copyOf(a, Math.max(a.length * 2, n + more));
            }
        }
    }
}
