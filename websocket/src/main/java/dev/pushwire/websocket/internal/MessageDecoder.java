package dev.pushwire.websocket.internal;

import dev.pushwire.core.CloseCode;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.core.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A server's WebSocket frame decoder for connections without extensions, in place of Netty's
 * {@code WebSocket08FrameDecoder}: it unmasks each data frame's payload straight from the socket's read buffers into
 * the array of the message being received, checks text for UTF-8 in the same pass (a chunk that was all ASCII costs
 * no second look), and passes on whole messages as {@link Message}s. Netty's decoder instead gathers the frame in a
 * cumulation buffer, copies the payload out into a frame buffer and unmasks it there, and the frame handler then
 * copied it a third time into the message's array. Control frames are passed on as Netty's frame objects (ping,
 * pong, close), which {@link WebSocketFrameHandler} answers as before.
 *
 * <p>RFC 6455 section 5 as Netty's decoder enforces it, with the close codes and reasons of the engine: RSV bits
 * (no extension is negotiated), reserved opcodes, fragmented or oversized control frames, unmasked frames, a
 * continuation outside a message or a data frame inside one, non-minimal lengths (1002); frames over
 * {@code maxFrameBytes} and messages over {@code maxMessageBytes} (1009, before any of their payload is kept);
 * text that is not UTF-8, also across fragment and read boundaries (1007, as soon as the bad byte arrives). After a
 * violation or a close frame it drops whatever else arrives.
 *
 * <p>Threading: event-loop confined, like every Netty handler.
 */
final class MessageDecoder extends ChannelInboundHandlerAdapter {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final int OP_CONTINUATION = 0x0;
    private static final int OP_TEXT = 0x1;
    private static final int OP_BINARY = 0x2;
    private static final int OP_CLOSE = 0x8;
    private static final int OP_PING = 0x9;
    private static final int OP_PONG = 0xA;
    private static final byte[] EMPTY = new byte[0];

    private final int maxFrameBytes;
    private final int maxMessageBytes;

    /** Header bytes gathered so far (a header may be split across reads); at most 14. */
    private final byte[] header = new byte[14];
    private int headerBytes;

    /** Whether a header was read and its payload is arriving. */
    private boolean inPayload;
    private boolean fin;
    private int opcode;
    /** The frame's mask key, big-endian as on the wire. */
    private int maskKey;
    private int payloadLength;
    /** Payload bytes of the current frame received so far. */
    private int payloadReceived;

    /** The message being received (data frames): its array, the bytes in it, and whether it is text. */
    private byte[] message;
    private int messageBytes;
    private boolean messageText;
    /** Whether a fragmented message is in progress (a non-final data frame came). */
    private boolean fragmented;
    /** UTF-8 state of the text received so far. */
    private int utf8State;

    /** The payload of a control frame being received. */
    private byte[] control;

    /** After a violation or a close frame: everything that arrives is dropped. */
    private boolean done;

    MessageDecoder(ConnectionLimits limits) {
        this.maxFrameBytes = limits.maxFrameBytes();
        this.maxMessageBytes = limits.maxMessageBytes();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf in = (ByteBuf) msg;
        try {
            while (!done && in.isReadable()) {
                if (!inPayload) {
                    if (!readHeader(in)) {
                        return;
                    }
                    startFrame();
                    if (done) {
                        return;
                    }
                }
                readPayload(in);
                if (payloadReceived == payloadLength) {
                    inPayload = false;
                    endFrame(ctx);
                }
            }
        } catch (WebSocketProtocolException e) {
            done = true;
            message = null;
            control = null;
            ctx.fireExceptionCaught(e);
        } finally {
            in.release();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        message = null;
        control = null;
    }

    // ---------------------------------------------------------------- header

    /** Gathers the header; true once it is whole (then parsed into the fields). */
    private boolean readHeader(ByteBuf in) {
        if (headerBytes < 2) {
            int n = Math.min(2 - headerBytes, in.readableBytes());
            in.readBytes(header, headerBytes, n);
            headerBytes += n;
            if (headerBytes < 2) {
                return false;
            }
        }
        int len7 = header[1] & 0x7F;
        int needed = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((header[1] & 0x80) != 0 ? 4 : 0);
        if (headerBytes < needed) {
            int n = Math.min(needed - headerBytes, in.readableBytes());
            in.readBytes(header, headerBytes, n);
            headerBytes += n;
            if (headerBytes < needed) {
                return false;
            }
        }
        headerBytes = 0;
        return true;
    }

    /** Parses the gathered header and checks it against the protocol and the limits. */
    private void startFrame() {
        int b0 = header[0] & 0xFF;
        int b1 = header[1] & 0xFF;
        fin = (b0 & 0x80) != 0;
        int rsv = (b0 >> 4) & 0x7;
        opcode = b0 & 0x0F;
        boolean masked = (b1 & 0x80) != 0;
        int len7 = b1 & 0x7F;
        if (rsv != 0) {
            throw violation(CloseCode.PROTOCOL_ERROR, "RSV bits " + rsv + " set that no negotiated extension defines");
        }
        boolean controlFrame = (opcode & 0x8) != 0;
        if (controlFrame ? opcode > OP_PONG : opcode > OP_BINARY) {
            throw violation(CloseCode.PROTOCOL_ERROR, "reserved opcode " + opcode);
        }
        if (!masked) {
            throw violation(CloseCode.PROTOCOL_ERROR, "received a frame that is not masked as expected");
        }
        long length;
        int at = 2;
        if (len7 == 126) {
            length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            at = 4;
            if (length < 126) {
                throw violation(CloseCode.PROTOCOL_ERROR, "invalid data frame length (not using minimal length encoding)");
            }
        } else if (len7 == 127) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (header[i] & 0xFF);
            }
            at = 10;
            if (length < 0) {
                throw violation(CloseCode.PROTOCOL_ERROR, "invalid data frame length (most significant bit set)");
            }
            if (length <= 0xFFFF) {
                throw violation(CloseCode.PROTOCOL_ERROR, "invalid data frame length (not using minimal length encoding)");
            }
        } else {
            length = len7;
        }
        maskKey = ((header[at] & 0xFF) << 24) | ((header[at + 1] & 0xFF) << 16) | ((header[at + 2] & 0xFF) << 8)
                | (header[at + 3] & 0xFF);
        if (controlFrame) {
            if (!fin) {
                throw violation(CloseCode.PROTOCOL_ERROR, "fragmented control frame");
            }
            if (length > 125) {
                throw violation(CloseCode.PROTOCOL_ERROR, "control frame with a payload of " + length
                        + " bytes (at most 125)");
            }
            control = length == 0 ? EMPTY : new byte[(int) length];
        } else {
            if (length > maxFrameBytes) {
                throw violation(CloseCode.MESSAGE_TOO_BIG, "Max frame length of " + maxFrameBytes
                        + " has been exceeded (frame length " + length + ")");
            }
            if (opcode == OP_CONTINUATION) {
                if (!fragmented) {
                    throw violation(CloseCode.PROTOCOL_ERROR, "continuation frame without a message to continue");
                }
            } else if (fragmented) {
                throw violation(CloseCode.PROTOCOL_ERROR,
                        "a new data frame while a fragmented message is not finished (expected a continuation)");
            }
            long total = (opcode == OP_CONTINUATION ? messageBytes : 0) + length;
            if (total > maxMessageBytes) {
                throw violation(CloseCode.MESSAGE_TOO_BIG,
                        "message is larger than the limit of " + maxMessageBytes + " bytes");
            }
            if (opcode != OP_CONTINUATION) {
                messageText = opcode == OP_TEXT;
                utf8State = Utf8Validation.ACCEPT;
                messageBytes = 0;
                // a whole message in one frame gets an array of its exact size; a fragmented one grows
                message = length == 0 ? EMPTY : new byte[fin ? (int) length
                        : (int) Math.min(Math.max(2 * length, 256), maxMessageBytes)];
            } else if (total > message.length) {
                message = Arrays.copyOf(message, (int) Math.min(Math.max(total, 2L * message.length),
                        maxMessageBytes));
            }
        }
        payloadLength = (int) length;
        payloadReceived = 0;
        inPayload = true;
    }

    // ---------------------------------------------------------------- payload

    private void readPayload(ByteBuf in) {
        int n = Math.min(payloadLength - payloadReceived, in.readableBytes());
        if (n == 0) {
            return;
        }
        boolean controlFrame = (opcode & 0x8) != 0;
        byte[] target = controlFrame ? control : message;
        int at = controlFrame ? payloadReceived : messageBytes;
        in.readBytes(target, at, n);
        long seen = unmask(target, at, n, Integer.rotateLeft(maskKey, 8 * (payloadReceived & 3)));
        payloadReceived += n;
        if (!controlFrame) {
            messageBytes += n;
            if (messageText && !(utf8State == Utf8Validation.ACCEPT && (seen & HIGH_BITS) == 0)) {
                utf8State = Utf8Validation.update(utf8State, target, at, at + n);
                if (utf8State == Utf8Validation.REJECT) {
                    throw violation(CloseCode.INVALID_PAYLOAD, "text message is not valid UTF-8");
                }
            }
        }
    }

    /**
     * XORs {@code a[from, from + n)} with {@code key} (big-endian, its first byte for {@code a[from]}), 8 bytes per
     * step; returns the OR of every unmasked byte's bits in each lane (its high bits say whether any byte was not
     * ASCII).
     */
    static long unmask(byte[] a, int from, int n, int key) {
        int keyLe = Integer.reverseBytes(key);
        long key64 = (keyLe & 0xFFFFFFFFL) | ((long) keyLe << 32);
        long seen = 0;
        int i = from;
        int end = from + n;
        for (; i + 8 <= end; i += 8) {
            long v = (long) LONGS.get(a, i) ^ key64;
            LONGS.set(a, i, v);
            seen |= v;
        }
        for (int k = 0; i < end; i++, k++) {
            byte b = (byte) (a[i] ^ (key >>> (24 - 8 * (k & 3))));
            a[i] = b;
            seen |= b & 0xFF;
        }
        return seen;
    }

    // ---------------------------------------------------------------- frame end

    private void endFrame(ChannelHandlerContext ctx) {
        switch (opcode) {
            case OP_PING -> ctx.fireChannelRead(new PingWebSocketFrame(wrapControl()));
            case OP_PONG -> ctx.fireChannelRead(new PongWebSocketFrame(wrapControl()));
            case OP_CLOSE -> {
                done = true; // nothing may follow a close frame
                ctx.fireChannelRead(closeFrame(wrapControl()));
            }
            default -> {
                if (!fin) {
                    fragmented = true;
                    return;
                }
                fragmented = false;
                if (messageText && utf8State != Utf8Validation.ACCEPT) {
                    throw violation(CloseCode.INVALID_PAYLOAD, "text message ends inside a UTF-8 sequence");
                }
                byte[] whole = message.length == messageBytes ? message : Arrays.copyOf(message, messageBytes);
                message = null;
                ctx.fireChannelRead(messageText ? Message.textOfUtf8(whole) : Message.binary(whole));
            }
        }
    }

    private ByteBuf wrapControl() {
        ByteBuf b = control.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(control);
        control = null;
        return b;
    }

    /** A close frame for the frame handler, which checks its code and reason (1002 and 1007 as Netty's decoder). */
    private static WebSocketFrame closeFrame(ByteBuf payload) {
        return new CloseWebSocketFrame(true, 0, payload);
    }

    private static WebSocketProtocolException violation(CloseCode code, String reason) {
        return new WebSocketProtocolException(code, reason);
    }
}
