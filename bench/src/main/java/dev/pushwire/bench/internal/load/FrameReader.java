package dev.pushwire.bench.internal.load;

import io.netty.buffer.ByteBuf;

/**
 * A streaming parser of server-to-client WebSocket frames that never accumulates payloads: it keeps only the first
 * {@link #PREFIX_BYTES} bytes of each message (enough for the benchmark's sequence number and timestamp) and
 * skips the rest, so reading a 64 KiB message costs no copy. Fragmented messages are joined. One per connection;
 * event loop only.
 */
final class FrameReader {
    /** How many leading payload bytes of a message (or control frame) are kept by default. */
    static final int PREFIX_BYTES = 128;
    /** Control frames carry at most 125 bytes. */
    private static final int CONTROL_BYTES = 128;

    /** What the reader found. */
    interface Sink {
        /** A whole data message: its opcode (text 1, binary 2), total length and first bytes. */
        void onMessage(int opcode, long length, byte[] prefix, int prefixLength);

        /** A control frame (close 8, ping 9, pong 10) with its payload (at most 125 bytes). */
        void onControl(int opcode, byte[] payload, int length);
    }

    private final Sink sink;
    private final byte[] header = new byte[14];
    private int headerLength;
    private int headerNeeded = 2;
    private boolean inPayload;
    private long remaining;
    private int frameOpcode;
    private boolean fin;
    private int messageOpcode;
    private long messageLength;
    private final byte[] prefix;
    private int prefixLength;
    private final byte[] control = new byte[CONTROL_BYTES];
    private int controlLength;

    FrameReader(Sink sink) {
        this(sink, PREFIX_BYTES);
    }

    /** A reader keeping the first {@code prefixBytes} of each data message. */
    FrameReader(Sink sink, int prefixBytes) {
        this.sink = sink;
        this.prefix = new byte[prefixBytes];
    }

    /** Consumes every readable byte of {@code in}. */
    void read(ByteBuf in) {
        while (in.isReadable()) {
            if (!inPayload) {
                readHeaderByte(in.readByte());
                continue;
            }
            int n = (int) Math.min(remaining, in.readableBytes());
            boolean isControl = frameOpcode >= 8;
            byte[] keep = isControl ? control : prefix;
            int kept = isControl ? controlLength : prefixLength;
            int copy = Math.min(n, keep.length - kept);
            if (copy > 0) {
                in.readBytes(keep, kept, copy);
                if (isControl) {
                    controlLength += copy;
                } else {
                    prefixLength += copy;
                }
            }
            in.skipBytes(n - Math.max(copy, 0));
            remaining -= n;
            if (!isControl) {
                messageLength += n;
            }
            if (remaining == 0) {
                endFrame();
            }
        }
    }

    private void readHeaderByte(byte b) {
        header[headerLength++] = b;
        if (headerLength == 2) {
            int len7 = header[1] & 0x7F;
            boolean masked = (header[1] & 0x80) != 0;
            headerNeeded = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + (masked ? 4 : 0);
        }
        if (headerLength < headerNeeded) {
            return;
        }
        fin = (header[0] & 0x80) != 0;
        frameOpcode = header[0] & 0x0F;
        int len7 = header[1] & 0x7F;
        if (len7 == 126) {
            remaining = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        } else if (len7 == 127) {
            long l = 0;
            for (int i = 2; i < 10; i++) {
                l = (l << 8) | (header[i] & 0xFF);
            }
            remaining = l;
        } else {
            remaining = len7;
        }
        if (frameOpcode >= 8) {
            controlLength = 0;
        } else if (frameOpcode != 0) {
            messageOpcode = frameOpcode;
            messageLength = 0;
            prefixLength = 0;
        }
        headerLength = 0;
        headerNeeded = 2;
        inPayload = true;
        if (remaining == 0) {
            endFrame();
        }
    }

    private void endFrame() {
        inPayload = false;
        if (frameOpcode >= 8) {
            sink.onControl(frameOpcode, control, controlLength);
        } else if (fin) {
            sink.onMessage(messageOpcode, messageLength, prefix, prefixLength);
        }
    }
}
