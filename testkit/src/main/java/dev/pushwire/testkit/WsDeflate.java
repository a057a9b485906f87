package dev.pushwire.testkit;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * permessage-deflate (RFC 7692) payload transforms for {@link RawWebSocket} tests, with the JDK's zlib: raw DEFLATE,
 * each message ended by a sync flush whose trailing {@code 00 00 FF FF} is removed. Keeps one compression and one
 * decompression context (context takeover) until {@link #close()}; not thread safe.
 */
public final class WsDeflate implements AutoCloseable {
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};

    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final Inflater inflater = new Inflater(true);
    private final boolean resetAfterEachMessage;
    /** Everything compressed so far (test-sized), for the window of a stream restarted after a final block. */
    private final ByteArrayOutputStream history = new ByteArrayOutputStream();

    /**
     * @param resetAfterEachMessage true when no context takeover was negotiated for our direction (each message
     *                              is compressed on its own)
     */
    public WsDeflate(boolean resetAfterEachMessage) {
        this.resetAfterEachMessage = resetAfterEachMessage;
    }

    /** The compressed payload of one message (send it with RSV1 on its first frame). */
    public byte[] compress(byte[] message) {
        deflater.setInput(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            out.write(buffer, 0, n);
        } while (n == buffer.length);
        byte[] compressed = out.toByteArray();
        remember(message);
        if (resetAfterEachMessage) {
            deflater.reset();
        }
        int end = compressed.length;
        if (end >= 4 && Arrays.equals(compressed, end - 4, end, TAIL, 0, 4)) {
            end -= 4;
        }
        return Arrays.copyOf(compressed, end);
    }

    /**
     * The compressed payload of one message that ends the deflate stream with a final block (BFINAL=1), as RFC 7692
     * 7.2.3.3 allows; the stream then starts afresh, primed with the last 32 KiB compressed so far unless no context
     * takeover was negotiated, so the next message may still refer back to them.
     */
    public byte[] compressEndingWithFinalBlock(byte[] message) {
        deflater.setInput(message);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            int n = deflater.deflate(buffer);
            out.write(buffer, 0, n);
        }
        remember(message);
        deflater.reset();
        if (!resetAfterEachMessage) {
            deflater.setDictionary(window());
        }
        return out.toByteArray();
    }

    private void remember(byte[] message) {
        history.write(message, 0, message.length);
    }

    private byte[] window() {
        byte[] all = history.toByteArray();
        return Arrays.copyOfRange(all, Math.max(0, all.length - 32 * 1024), all.length);
    }

    /** The message of a compressed payload (the joined payloads of its frames). */
    public byte[] decompress(byte[] payload, boolean resetContext) {
        inflater.setInput(concat(payload, TAIL));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = inflater.inflate(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        } catch (DataFormatException e) {
            throw new AssertionError("server sent invalid deflate data", e);
        }
        if (resetContext) {
            inflater.reset();
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public void close() {
        deflater.end();
        inflater.end();
    }
}
