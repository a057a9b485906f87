package dev.pushwire.bench.internal.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Encodes client-to-server WebSocket frames (RFC 6455 §5.2: always masked). Stateless; any thread. */
public final class ClientFrames {
    /** Text frame opcode. */
    public static final int TEXT = 0x1;
    /** Binary frame opcode. */
    public static final int BINARY = 0x2;
    /** Close frame opcode. */
    public static final int CLOSE = 0x8;
    /** Ping frame opcode. */
    public static final int PING = 0x9;
    /** Pong frame opcode. */
    public static final int PONG = 0xA;

    private ClientFrames() {
    }

    /** A final frame of {@code opcode} carrying {@code payload}, masked with {@code maskKey}. */
    public static ByteBuf encode(ByteBufAllocator alloc, int opcode, byte[] payload, int maskKey) {
        int len = payload.length;
        int header = 2 + (len < 126 ? 0 : len <= 0xFFFF ? 2 : 8) + 4;
        ByteBuf out = alloc.directBuffer(header + len);
        out.writeByte(0x80 | opcode);
        if (len < 126) {
            out.writeByte(0x80 | len);
        } else if (len <= 0xFFFF) {
            out.writeByte(0x80 | 126);
            out.writeShort(len);
        } else {
            out.writeByte(0x80 | 127);
            out.writeLong(len);
        }
        out.writeInt(maskKey);
        byte[] mask = {(byte) (maskKey >>> 24), (byte) (maskKey >>> 16), (byte) (maskKey >>> 8), (byte) maskKey};
        for (int i = 0; i < len; i++) {
            out.writeByte(payload[i] ^ mask[i & 3]);
        }
        return out;
    }
}
