package dev.pushwire.server.internal.http;

import dev.pushwire.core.internal.session.SequencedMessage;
import dev.pushwire.core.internal.session.SessionClose;
import dev.pushwire.core.internal.session.SessionCodec;
import dev.pushwire.core.internal.session.WireForms;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes what a session sends (docs/protocol.md) into one buffer per answer: each message's shared form
 * ({@link WireForms}, encoded once per message whatever the number of sessions) behind the session's own seq. The
 * one copy per session is the copy into the buffer the socket writes from. Stateless.
 */
final class SessionWire {
    private static final byte[] BATCH_START = ascii("{\"messages\":[");
    private static final byte[] SEQ = ascii("{\"seq\":");
    private static final byte[] CLOSE_EVENT = ascii("event:close\ndata:");
    private static final byte[] CRLF = ascii("\r\n");
    private static final byte[] HEX = ascii("0123456789abcdef");
    /** The most digits a seq can have (a long). */
    private static final int SEQ_DIGITS = 19;

    private SessionWire() {
    }

    /** The SSE events of {@code batch}, then the close event when {@code close} is not null. */
    static ByteBuf sseEvents(ByteBufAllocator alloc, List<SequencedMessage> batch, SessionClose close) {
        return sse(alloc, batch, close, false);
    }

    /**
     * The SSE events of {@code batch} (then the close event when {@code close} is not null) framed as one HTTP/1.1
     * chunk ({@code size-in-hex CRLF events CRLF}), in one buffer: what the socket gets, ready to be written past the
     * HTTP encoder (which would frame it with a buffer for the size line and one for the CRLF).
     */
    static ByteBuf sseChunk(ByteBufAllocator alloc, List<SequencedMessage> batch, SessionClose close) {
        return sse(alloc, batch, close, true);
    }

    /** {@code text} (ASCII) framed as one HTTP/1.1 chunk, in one buffer. */
    static ByteBuf chunk(ByteBufAllocator alloc, byte[] text) {
        ByteBuf buf = alloc.buffer(text.length + 12);
        writeHex(buf, text.length);
        return buf.writeBytes(CRLF).writeBytes(text).writeBytes(CRLF);
    }

    private static ByteBuf sse(ByteBufAllocator alloc, List<SequencedMessage> batch, SessionClose close,
                               boolean chunk) {
        int n = batch.size();
        int size = 0;
        for (int i = 0; i < n; i++) {
            SequencedMessage m = batch.get(i);
            WireForms f = WireForms.of(m.message());
            size += f.ssePrefix().length + decimalLength(m.seq()) + 1 + f.sseData().length;
        }
        byte[] closeJson = close == null ? null : SessionCodec.encodeClose(close).getBytes(StandardCharsets.UTF_8);
        if (closeJson != null) {
            size += CLOSE_EVENT.length + closeJson.length + 2;
        }
        ByteBuf buf = alloc.buffer(chunk ? size + 12 : size);
        if (chunk) {
            writeHex(buf, size);
            buf.writeBytes(CRLF);
        }
        for (int i = 0; i < n; i++) {
            SequencedMessage m = batch.get(i);
            WireForms f = WireForms.of(m.message());
            buf.writeBytes(f.ssePrefix());
            writeDecimal(buf, m.seq());
            buf.writeByte('\n');
            buf.writeBytes(f.sseData());
        }
        if (closeJson != null) {
            buf.writeBytes(CLOSE_EVENT).writeBytes(closeJson).writeByte('\n').writeByte('\n');
        }
        if (chunk) {
            buf.writeBytes(CRLF);
        }
        return buf;
    }

    /** A batch: {@code {"messages":[...]}}, plus {@code "close"} when {@code close} is not null. */
    static ByteBuf batch(ByteBufAllocator alloc, List<SequencedMessage> batch, SessionClose close) {
        int n = batch.size();
        int size = BATCH_START.length + 2;
        for (int i = 0; i < n; i++) {
            size += SEQ.length + SEQ_DIGITS + 1 + WireForms.of(batch.get(i).message()).jsonTail().length;
        }
        byte[] closeJson = close == null ? null : SessionCodec.encodeClose(close).getBytes(StandardCharsets.UTF_8);
        if (closeJson != null) {
            size += 10 + closeJson.length;
        }
        ByteBuf buf = alloc.buffer(size);
        buf.writeBytes(BATCH_START);
        for (int i = 0; i < n; i++) {
            SequencedMessage m = batch.get(i);
            if (i > 0) {
                buf.writeByte(',');
            }
            buf.writeBytes(SEQ);
            writeDecimal(buf, m.seq());
            buf.writeBytes(WireForms.of(m.message()).jsonTail());
        }
        buf.writeByte(']');
        if (closeJson != null) {
            buf.writeCharSequence(",\"close\":", StandardCharsets.US_ASCII);
            buf.writeBytes(closeJson);
        }
        buf.writeByte('}');
        return buf;
    }

    /** How many decimal digits {@code v} (>= 0) has. */
    static int decimalLength(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    /** Writes {@code v} (> 0) in lower-case hex ASCII, no leading zeros (a chunk size). */
    private static void writeHex(ByteBuf buf, int v) {
        int shift = 28;
        while (shift > 0 && (v >>> shift) == 0) {
            shift -= 4;
        }
        for (; shift >= 0; shift -= 4) {
            buf.writeByte(HEX[(v >>> shift) & 0xf]);
        }
    }

    /** Writes {@code v} (>= 0) in decimal ASCII. */
    static void writeDecimal(ByteBuf buf, long v) {
        if (v < 10) {
            buf.writeByte('0' + (int) v);
            return;
        }
        long div = 1;
        while (div <= v / 10) {
            div *= 10;
        }
        for (; div > 0; div /= 10) {
            buf.writeByte('0' + (int) (v / div % 10));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
