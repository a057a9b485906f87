package dev.pushwire.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One WebSocket frame as a test wants to put it on the wire, or as it was read back: FIN, the three RSV bits, the
 * opcode, the payload and (for frames a test writes) exactly how to encode them, including encodings a correct
 * peer would never produce: a non-minimal or lying length field, no mask, any opcode.
 *
 * <p>Immutable; every {@code withX}/{@code x()} changer returns a copy. Written by hand with no Netty in it, so that
 * it is independent of the server it tests.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-------+-+-------------+-------------------------------+
 * |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 * |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 * |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 * | |1|2|3|       |K|             |                               |
 * +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 * |     Extended payload length continued, if payload len == 127  |
 * + - - - - - - - - - - - - - - - +-------------------------------+
 * |                               |Masking-key, if MASK set to 1  |
 * +-------------------------------+-------------------------------+
 * | Masking-key (continued)       |          Payload Data         |
 * +-------------------------------- - - - - - - - - - - - - - - - +
 * </pre>
 */
public final class WsFrame {
    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** RSV1: the permessage-deflate "compressed" bit. */
    public static final int RSV1 = 0b100;
    public static final int RSV2 = 0b010;
    public static final int RSV3 = 0b001;

    /** How the payload length is written. */
    public enum LengthForm {
        /** The shortest form RFC 6455 allows: 7 bits up to 125, 16 bits up to 65535, else 64 bits. */
        MINIMAL,
        /** Always the 126 marker and a 16-bit length (non-minimal for short payloads). */
        BITS_16,
        /** Always the 127 marker and a 64-bit length (non-minimal for payloads under 64 KiB). */
        BITS_64
    }

    private final boolean fin;
    private final int rsv;
    private final int opcode;
    private final byte[] payload;
    private final boolean masked;
    private final byte[] maskKey; // null: a random key per encode
    private final LengthForm lengthForm;
    private final Long declaredLength; // null: the real payload length

    private WsFrame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked, byte[] maskKey,
                    LengthForm lengthForm, Long declaredLength) {
        this.fin = fin;
        this.rsv = rsv;
        this.opcode = opcode;
        this.payload = payload;
        this.masked = masked;
        this.maskKey = maskKey;
        this.lengthForm = lengthForm;
        this.declaredLength = declaredLength;
    }

    /** A final, masked frame with this opcode and payload (the array is not copied). */
    public static WsFrame of(int opcode, byte[] payload) {
        return new WsFrame(true, 0, opcode, payload, true, null, LengthForm.MINIMAL, null);
    }

    public static WsFrame text(String text) {
        return of(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    public static WsFrame text(byte[] utf8) {
        return of(TEXT, utf8);
    }

    public static WsFrame binary(byte[] data) {
        return of(BINARY, data);
    }

    public static WsFrame continuation(byte[] data) {
        return of(CONTINUATION, data);
    }

    public static WsFrame ping(byte[] payload) {
        return of(PING, payload);
    }

    public static WsFrame pong(byte[] payload) {
        return of(PONG, payload);
    }

    /** A close frame with a code and a UTF-8 reason. */
    public static WsFrame close(int code, String reason) {
        return close(code, reason.getBytes(StandardCharsets.UTF_8));
    }

    /** A close frame with a code and raw reason bytes (which may be invalid UTF-8). */
    public static WsFrame close(int code, byte[] reason) {
        ByteBuffer b = ByteBuffer.allocate(2 + reason.length);
        b.putShort((short) code).put(reason);
        return of(CLOSE, b.array());
    }

    /** A close frame with an empty payload (no status code). */
    public static WsFrame emptyClose() {
        return of(CLOSE, new byte[0]);
    }

    // ---- changers -------------------------------------------------------------------------------------------

    /** The same frame with FIN set as given. */
    public WsFrame fin(boolean value) {
        return new WsFrame(value, rsv, opcode, payload, masked, maskKey, lengthForm, declaredLength);
    }

    /** The same frame with these RSV bits ({@link #RSV1} | {@link #RSV2} | {@link #RSV3}). */
    public WsFrame rsv(int bits) {
        return new WsFrame(fin, bits & 0b111, opcode, payload, masked, maskKey, lengthForm, declaredLength);
    }

    /** The same frame with another opcode (any 4-bit value, reserved ones included). */
    public WsFrame opcode(int value) {
        return new WsFrame(fin, rsv, value & 0xF, payload, masked, maskKey, lengthForm, declaredLength);
    }

    /** The same frame sent without a mask (a protocol error from a client). */
    public WsFrame unmasked() {
        return new WsFrame(fin, rsv, opcode, payload, false, null, lengthForm, declaredLength);
    }

    /** The same frame masked with this 4-byte key. */
    public WsFrame maskKey(byte[] key) {
        if (key.length != 4) {
            throw new IllegalArgumentException("a mask key is 4 bytes");
        }
        return new WsFrame(fin, rsv, opcode, payload, true, key.clone(), lengthForm, declaredLength);
    }

    /** The same frame with its length written in this form. */
    public WsFrame lengthForm(LengthForm form) {
        return new WsFrame(fin, rsv, opcode, payload, masked, maskKey, form, declaredLength);
    }

    /**
     * The same frame whose header claims {@code length} payload bytes whatever the real payload is (a lying length;
     * the real payload bytes still follow). The form is the minimal one for {@code length} unless set otherwise.
     * The value is written as unsigned: a negative one claims 2^63 bytes or more in the 64-bit form (which RFC 6455
     * forbids: the most significant bit must be 0).
     */
    public WsFrame declaredLength(long length) {
        return new WsFrame(fin, rsv, opcode, payload, masked, maskKey, lengthForm, length);
    }

    // ---- accessors ------------------------------------------------------------------------------------------

    public boolean fin() {
        return fin;
    }

    public int rsv() {
        return rsv;
    }

    public int opcode() {
        return opcode;
    }

    public boolean masked() {
        return masked;
    }

    /** The payload (not copied: do not change it). */
    public byte[] payload() {
        return payload;
    }

    /** The payload decoded as UTF-8 (malformed input replaced). */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** For a close frame: the status code, or 1005 when the payload is empty. */
    public int closeCode() {
        requireOpcode(CLOSE);
        return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }

    /** For a close frame: the reason text (may be empty). */
    public String closeReason() {
        requireOpcode(CLOSE);
        return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
    }

    public boolean isControl() {
        return (opcode & 0x8) != 0;
    }

    private void requireOpcode(int expected) {
        if (opcode != expected) {
            throw new IllegalStateException("not a " + opcodeName(expected) + " frame: " + this);
        }
    }

    // ---- encoding -------------------------------------------------------------------------------------------

    /** The bytes to write: header, extended length, mask key and (masked) payload. */
    public byte[] encode() {
        long length = declaredLength != null ? declaredLength : payload.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 14);
        out.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        int maskBit = masked ? 0x80 : 0;
        LengthForm form = lengthForm;
        if (form == LengthForm.MINIMAL) {
            form = length < 0 ? LengthForm.BITS_64
                    : length <= 125 ? null : length <= 0xFFFF ? LengthForm.BITS_16 : LengthForm.BITS_64;
        }
        if (form == null) {
            out.write(maskBit | (int) length);
        } else if (form == LengthForm.BITS_16) {
            out.write(maskBit | 126);
            out.write((int) (length >>> 8) & 0xFF);
            out.write((int) length & 0xFF);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (length >>> shift) & 0xFF);
            }
        }
        if (masked) {
            byte[] key = maskKey;
            if (key == null) {
                key = new byte[4];
                ThreadLocalRandom.current().nextBytes(key);
            }
            out.write(key, 0, 4);
            byte[] maskedPayload = new byte[payload.length];
            for (int i = 0; i < payload.length; i++) {
                maskedPayload[i] = (byte) (payload[i] ^ key[i & 3]);
            }
            out.write(maskedPayload, 0, maskedPayload.length);
        } else {
            out.write(payload, 0, payload.length);
        }
        return out.toByteArray();
    }

    /** A frame read from the wire (payload already unmasked). */
    static WsFrame decoded(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {
        return new WsFrame(fin, rsv, opcode, payload, masked, null, LengthForm.MINIMAL, null);
    }

    public static String opcodeName(int opcode) {
        switch (opcode) {
            case CONTINUATION: return "continuation";
            case TEXT: return "text";
            case BINARY: return "binary";
            case CLOSE: return "close";
            case PING: return "ping";
            case PONG: return "pong";
            default: return "reserved-0x" + Integer.toHexString(opcode);
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(opcodeName(opcode)).append('(');
        s.append(fin ? "fin" : "more");
        if (rsv != 0) {
            s.append(", rsv=").append(Integer.toBinaryString(rsv));
        }
        if (opcode == CLOSE && payload.length >= 2) {
            s.append(", ").append(closeCode()).append(" \"").append(closeReason()).append('"');
        } else if (opcode == TEXT && payload.length <= 64) {
            s.append(", \"").append(text()).append('"');
        } else {
            s.append(", ").append(payload.length).append(" B");
            if (payload.length <= 16) {
                s.append(' ').append(Arrays.toString(payload));
            }
        }
        return s.append(')').toString();
    }
}
