package dev.pushwire.websocket.internal;

import dev.pushwire.core.CloseCode;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates permessage-deflate messages (RFC 7692 7.2.2) on {@link java.util.zip.Inflater}, frame by frame:
 * <ul>
 *   <li>every frame of a message is fed into the same inflater as it arrives; a frame may inflate to nothing (its
 *       bytes complete a block only with the next), which is fine until the message's last frame;</li>
 *   <li>the {@code 00 00 ff ff} tail the sender removed is put back at the end of the message only;</li>
 *   <li>a sender may end a message with a final (BFINAL=1) block (7.2.3.3): the finished stream is reset and, with
 *       context takeover, primed with the last 32 KiB inflated (as a preset dictionary), so the next message may
 *       still refer back to them;</li>
 *   <li>without context takeover the inflater is reset after every message;</li>
 *   <li>output is counted while inflating, and inflating stops with 1009 as soon as the message passes
 *       {@code maxMessageBytes}: a deflate bomb costs at most that much memory.</li>
 * </ul>
 *
 * <p>Not thread safe: one per connection, used on its event loop. {@link #close()} frees the native zlib state.
 */
final class MessageInflater implements AutoCloseable {
    /** The largest window RFC 7692 allows (15 bits). */
    static final int WINDOW_BYTES = 32 * 1024;
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xff, (byte) 0xff};

    private final int maxMessageBytes;
    private final boolean contextTakeover;
    private final Inflater inflater = new Inflater(true);
    /** The last bytes inflated (up to a window), kept with context takeover for a reset after BFINAL; lazy. */
    private byte[] history;
    private int historyLength;
    /** Where the next byte of {@link #history} goes. */
    private int historyEnd;
    /** Bytes inflated so far for the current message. */
    private long messageBytes;
    private byte[] chunk = new byte[8 * 1024];

    /** Receives inflated bytes. */
    interface Sink {
        void accept(byte[] bytes, int offset, int length);
    }

    MessageInflater(int maxMessageBytes, boolean contextTakeover) {
        this.maxMessageBytes = maxMessageBytes;
        this.contextTakeover = contextTakeover;
    }

    /**
     * Inflates one frame's payload of the current message into {@code out}; {@code last} for the message's final
     * frame (then the message is complete and the next call starts a new one).
     *
     * @throws WebSocketProtocolException 1009 past the message limit, 1007 for data that is not deflate
     */
    void inflate(byte[] input, int offset, int length, boolean last, Sink out) {
        feed(input, offset, length, out);
        if (!last) {
            return;
        }
        if (!inflater.finished()) {
            feed(TAIL, 0, TAIL.length, out);
        }
        // A stream that ended with a final block ignores the tail (RFC 7692 7.2.2 inflates "the resulting data";
        // nothing after BFINAL=1 belongs to it) and starts afresh for the next message.
        if (inflater.finished()) {
            restart();
        } else if (!contextTakeover) {
            inflater.reset();
        }
        messageBytes = 0;
    }

    private void feed(byte[] input, int offset, int length, Sink out) {
        int off = offset;
        int len = length;
        while (true) {
            if (inflater.finished()) {
                // A final block ended the stream (RFC 7692 7.2.3.3). Input left after it starts a new stream; if
                // none is left, the next frame or the message's end decides.
                int remaining = inflater.getRemaining();
                off = off + len - remaining;
                len = remaining;
                if (len == 0) {
                    return;
                }
                restart();
            }
            if (inflater.needsInput()) {
                if (len == 0) {
                    return;
                }
                inflater.setInput(input, off, len);
                off += len;
                len = 0;
            }
            int n;
            try {
                n = inflater.inflate(chunk);
            } catch (DataFormatException e) {
                throw new WebSocketProtocolException(CloseCode.INVALID_PAYLOAD,
                        "compressed payload could not be inflated: " + e.getMessage());
            }
            if (n > 0) {
                messageBytes += n;
                if (messageBytes > maxMessageBytes) {
                    throw new WebSocketProtocolException(CloseCode.MESSAGE_TOO_BIG,
                            "inflated message is larger than the limit of " + maxMessageBytes + " bytes");
                }
                remember(chunk, n);
                out.accept(chunk, 0, n);
                continue;
            }
            if (inflater.finished()) {
                continue;
            }
            if (inflater.needsDictionary()) {
                throw new WebSocketProtocolException(CloseCode.INVALID_PAYLOAD,
                        "compressed payload asks for a preset dictionary");
            }
            if (inflater.needsInput()) {
                if (len == 0) {
                    return;
                }
                continue;
            }
            throw new WebSocketProtocolException(CloseCode.INVALID_PAYLOAD,
                    "compressed payload could not be inflated: no progress");
        }
    }

    /** Starts a new deflate stream, primed with the last window of output when the context is taken over. */
    private void restart() {
        inflater.reset();
        if (contextTakeover && historyLength > 0) {
            byte[] window = new byte[historyLength];
            int from = (historyEnd - historyLength + WINDOW_BYTES) % WINDOW_BYTES;
            int first = Math.min(historyLength, WINDOW_BYTES - from);
            System.arraycopy(history, from, window, 0, first);
            System.arraycopy(history, 0, window, first, historyLength - first);
            inflater.setDictionary(window);
        }
    }

    /** Keeps the last {@link #WINDOW_BYTES} inflated, in a ring. */
    private void remember(byte[] bytes, int length) {
        if (!contextTakeover) {
            return;
        }
        if (history == null) {
            history = new byte[WINDOW_BYTES];
        }
        for (int i = Math.max(0, length - WINDOW_BYTES); i < length; ) {
            int n = Math.min(length - i, WINDOW_BYTES - historyEnd);
            System.arraycopy(bytes, i, history, historyEnd, n);
            historyEnd = (historyEnd + n) % WINDOW_BYTES;
            historyLength = Math.min(WINDOW_BYTES, historyLength + n);
            i += n;
        }
    }

    @Override
    public void close() {
        inflater.end();
        history = null;
        chunk = null;
    }
}
