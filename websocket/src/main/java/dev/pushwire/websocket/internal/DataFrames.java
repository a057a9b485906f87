package dev.pushwire.websocket.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Encodes a whole, unfragmented data frame (RFC 6455 section 5.2: header, then the payload, masked for a client)
 * into one pooled buffer, ready for the socket. A connection without extensions writes these straight past Netty's
 * frame encoder, which would otherwise allocate a frame object, a header buffer and, for small payloads, a second
 * copy per message. Extensions (permessage-deflate) work on frame objects, so those connections keep Netty's path.
 *
 * <p>Stateless; safe from any thread (a broadcast encodes on the publishing thread).
 */
public final class DataFrames {
    private static final int FIN = 0x80;
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;
    private static final int MASK_BIT = 0x80;

    private DataFrames() {
    }

    /** A frame carrying {@code payload} as is (text already known to be UTF-8, or binary). */
    public static ByteBuf encode(ByteBufAllocator alloc, boolean text, byte[] payload, boolean masked) {
        ByteBuf buf = alloc.ioBuffer(headerBytes(payload.length, masked) + payload.length);
        int payloadStart = writeHeader(buf, text, payload.length, masked);
        buf.writeBytes(payload);
        if (masked) {
            mask(buf, payloadStart);
        }
        return buf;
    }

    /** A text frame carrying {@code text} encoded as UTF-8 straight into the frame's buffer. */
    public static ByteBuf encodeText(ByteBufAllocator alloc, CharSequence text, boolean masked) {
        int length = ByteBufUtil.utf8Bytes(text);
        ByteBuf buf = alloc.ioBuffer(headerBytes(length, masked) + length);
        int payloadStart = writeHeader(buf, true, length, masked);
        ByteBufUtil.reserveAndWriteUtf8(buf, text, length);
        if (masked) {
            mask(buf, payloadStart);
        }
        return buf;
    }

    /** The payload length an encoded frame declares (what {@code bufferedAmount} counts, as browsers do). */
    static int payloadLength(ByteBuf frame) {
        int i = frame.readerIndex();
        int len7 = frame.getByte(i + 1) & 0x7F;
        return len7 < 126 ? len7 : len7 == 126 ? frame.getUnsignedShort(i + 2) : (int) frame.getLong(i + 2);
    }

    static int headerBytes(int payloadLength, boolean masked) {
        int lengthBytes = payloadLength <= 125 ? 0 : payloadLength <= 0xFFFF ? 2 : 8;
        return 2 + lengthBytes + (masked ? 4 : 0);
    }

    /** Writes the header; returns the index where the payload starts. */
    private static int writeHeader(ByteBuf buf, boolean text, int length, boolean masked) {
        buf.writeByte(FIN | (text ? OPCODE_TEXT : OPCODE_BINARY));
        int maskBit = masked ? MASK_BIT : 0;
        if (length <= 125) {
            buf.writeByte(maskBit | length);
        } else if (length <= 0xFFFF) {
            buf.writeByte(maskBit | 126);
            buf.writeShort(length);
        } else {
            buf.writeByte(maskBit | 127);
            buf.writeLong(length);
        }
        if (masked) {
            // RFC 6455 10.3: a fresh, unpredictable key per frame (the same source Netty's encoder uses).
            buf.writeInt(ThreadLocalRandom.current().nextInt());
        }
        return buf.writerIndex();
    }

    /** XORs the payload {@code [payloadStart, writerIndex)} with the key in the 4 bytes before it, in place. */
    private static void mask(ByteBuf buf, int payloadStart) {
        int key = buf.getInt(payloadStart - 4);
        long key64 = (key & 0xFFFFFFFFL) | ((long) key << 32);
        int i = payloadStart;
        int end = buf.writerIndex();
        for (; i + 8 <= end; i += 8) {
            buf.setLong(i, buf.getLong(i) ^ key64);
        }
        for (int k = 0; i < end; i++, k++) {
            buf.setByte(i, buf.getByte(i) ^ (key >>> (24 - 8 * k)));
        }
    }
}
