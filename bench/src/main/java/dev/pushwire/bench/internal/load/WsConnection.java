package dev.pushwire.bench.internal.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One load-generator WebSocket connection: it sends the upgrade request, checks for 101, then reads frames with a
 * {@link FrameReader} and tells its {@link Listener}. Writes made while a read batch is handled are flushed once
 * at read-complete; writes from elsewhere must call {@link #flush()}. Event loop only, except {@link #channel()}.
 */
public final class WsConnection extends ChannelInboundHandlerAdapter implements FrameReader.Sink {
    /** What a scenario does with a connection. Called on the connection's event loop. */
    public interface Listener {
        /** The upgrade succeeded. */
        void onOpen(WsConnection conn);

        /** A whole message arrived: opcode, total length, its first bytes (valid only during the call). */
        void onMessage(WsConnection conn, int opcode, long length, byte[] prefix, int prefixLength);

        /** The upgrade failed ({@code cause} says why) or the connection closed. */
        default void onClose(WsConnection conn, String cause) {
        }
    }

    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

    private final byte[] upgradeRequest;
    private final Listener listener;
    private final FrameReader reader;
    private final int maskKey = ThreadLocalRandom.current().nextInt() | 1;
    /** Handshake bytes read so far, until the 101 answer is complete. Event loop only. */
    private ByteBuf handshake;
    private boolean open;
    private boolean everOpened;
    private boolean closedReported;
    private boolean inRead;
    private boolean needsFlush;
    private ChannelHandlerContext ctx;
    /** Free for the scenario's per-connection state. Event loop only. */
    public Object state;

    WsConnection(byte[] upgradeRequest, Listener listener) {
        this(upgradeRequest, listener, FrameReader.PREFIX_BYTES);
    }

    WsConnection(byte[] upgradeRequest, Listener listener, int prefixBytes) {
        this.upgradeRequest = upgradeRequest;
        this.listener = listener;
        this.reader = new FrameReader(this, prefixBytes);
    }

    /** The mask key every frame this connection sends must use (pre-encoded frames are built with it). */
    public int maskKey() {
        return maskKey;
    }

    /** The Netty channel. */
    public Channel channel() {
        return ctx.channel();
    }

    /** Writes a pre-encoded, masked frame; flushed at read-complete when called in a read, else by {@link #flush()}. */
    public void write(ByteBuf frame) {
        ctx.write(frame, ctx.voidPromise());
        needsFlush = true;
    }

    /** Flushes pending writes now. */
    public void flush() {
        needsFlush = false;
        ctx.flush();
    }

    /** Whether the upgrade ever succeeded. */
    public boolean everOpened() {
        return everOpened;
    }

    /** Whether the upgrade succeeded and the connection has not closed. */
    public boolean isOpen() {
        return open;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        handshake = ctx.alloc().heapBuffer(256);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(upgradeRequest), ctx.voidPromise());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        inRead = true;
        try {
            if (!open) {
                readHandshake(in);
            }
            if (open) {
                reader.read(in);
            }
        } finally {
            ReferenceCountUtil.release(in);
        }
    }

    private void readHandshake(ByteBuf in) {
        int before = handshake.writerIndex();
        handshake.writeBytes(in, in.readerIndex(), in.readableBytes());
        int end = indexOf(handshake, HEADER_END);
        if (end < 0) {
            in.skipBytes(in.readableBytes());
            if (handshake.readableBytes() > 8192) {
                fail("upgrade answer headers too long");
            }
            return;
        }
        int headerBytes = end + 4;
        in.skipBytes(headerBytes - before);
        String status = handshake.toString(0, Math.min(headerBytes, 64), StandardCharsets.ISO_8859_1);
        handshake.release();
        handshake = null;
        if (!status.startsWith("HTTP/1.1 101")) {
            in.skipBytes(in.readableBytes());
            fail("upgrade refused: " + status.lines().findFirst().orElse(status));
            return;
        }
        open = true;
        everOpened = true;
        listener.onOpen(this);
    }

    private static int indexOf(ByteBuf buf, byte[] needle) {
        int n = buf.writerIndex() - needle.length;
        outer:
        for (int i = 0; i <= n; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buf.getByte(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void fail(String cause) {
        reportClosed(cause);
        ctx.close();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        inRead = false;
        if (needsFlush) {
            flush();
        }
    }

    /** Whether the connection is inside a read batch (its writes will be flushed at read-complete). */
    public boolean inRead() {
        return inRead;
    }

    @Override
    public void onMessage(int opcode, long length, byte[] prefix, int prefixLength) {
        listener.onMessage(this, opcode, length, prefix, prefixLength);
    }

    @Override
    public void onControl(int opcode, byte[] payload, int length) {
        if (opcode == ClientFrames.PING) {
            byte[] p = java.util.Arrays.copyOf(payload, length);
            write(ClientFrames.encode(ctx.alloc(), ClientFrames.PONG, p, maskKey));
        } else if (opcode == ClientFrames.CLOSE) {
            int code = length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
            reportClosed("server closed with " + code);
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (handshake != null) {
            handshake.release();
            handshake = null;
        }
        reportClosed(open ? "connection closed" : "closed before the upgrade");
        open = false;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        reportClosed(cause.toString());
        ctx.close();
    }

    private void reportClosed(String cause) {
        if (!closedReported) {
            closedReported = true;
            open = false;
            listener.onClose(this, cause);
        }
    }
}
