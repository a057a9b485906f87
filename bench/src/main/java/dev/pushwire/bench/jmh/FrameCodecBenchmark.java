package dev.pushwire.bench.jmh;

import dev.pushwire.websocket.internal.DataFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Frame decode and encode: Netty's WebSocket08 decoder (which Pushwire's engine uses) and encoder, through
 * EmbeddedChannels, against Pushwire's {@link DataFrames}, which writes a whole data frame from a message's bytes
 * into one pooled buffer. A server decoding a masked client frame (which unmasks it), a server encoding an unmasked
 * frame, a client encoding a masked one (a copy with XOR).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FrameCodecBenchmark {
    /** Payload bytes (ASCII text). */
    @Param({"32", "65536"})
    public int size;

    private ByteBuf payload;
    private byte[] payloadBytes;
    private ByteBuf maskedFrame;
    private EmbeddedChannel serverDecoder;
    private EmbeddedChannel serverEncoder;
    private EmbeddedChannel clientEncoder;

    /** Builds the frames and channels. */
    @Setup
    public void setUp() {
        byte[] bytes = Payloads.utf8("ascii-" + size);
        payload = PooledByteBufAllocator.DEFAULT.directBuffer(size).writeBytes(bytes);
        payloadBytes = bytes;
        clientEncoder = new EmbeddedChannel(new WebSocket08FrameEncoder(true));
        serverEncoder = new EmbeddedChannel(new WebSocket08FrameEncoder(false));
        serverDecoder = new EmbeddedChannel(new WebSocket08FrameDecoder(true, false, 1 << 20));
        clientEncoder.writeOutbound(new TextWebSocketFrame(payload.retainedDuplicate()));
        maskedFrame = PooledByteBufAllocator.DEFAULT.directBuffer();
        ByteBuf part;
        while ((part = clientEncoder.readOutbound()) != null) {
            maskedFrame.writeBytes(part);
            part.release();
        }
    }

    /** Frees buffers and channels. */
    @TearDown
    public void tearDown() {
        payload.release();
        maskedFrame.release();
        clientEncoder.finishAndReleaseAll();
        serverEncoder.finishAndReleaseAll();
        serverDecoder.finishAndReleaseAll();
    }

    /** Server side: parse and unmask one client frame. */
    @Benchmark
    public int serverDecodeMasked() {
        serverDecoder.writeInbound(maskedFrame.retainedDuplicate());
        Object frame = serverDecoder.readInbound();
        int n = ((TextWebSocketFrame) frame).content().readableBytes();
        ReferenceCountUtil.release(frame);
        return n;
    }

    /** Server side: encode one unmasked frame (header; the payload is passed on, not copied, when large). */
    @Benchmark
    public int serverEncode() {
        serverEncoder.writeOutbound(new TextWebSocketFrame(payload.retainedDuplicate()));
        return drainOutbound(serverEncoder);
    }

    /** Client side: encode one masked frame (header plus a masked copy of the payload). */
    @Benchmark
    public int clientEncodeMasked() {
        clientEncoder.writeOutbound(new TextWebSocketFrame(payload.retainedDuplicate()));
        return drainOutbound(clientEncoder);
    }

    /** Server side, as Pushwire sent before DataFrames: a message's byte[] wrapped, framed, through Netty's encoder. */
    @Benchmark
    public int serverEncodeFromArrayNetty() {
        serverEncoder.writeOutbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(payloadBytes)));
        return drainOutbound(serverEncoder);
    }

    /** Server side, Pushwire now: the whole frame from the message's byte[] into one pooled buffer. */
    @Benchmark
    public int serverEncodeFromArrayPushwire() {
        ByteBuf frame = DataFrames.encode(PooledByteBufAllocator.DEFAULT, true, payloadBytes, false);
        int n = frame.readableBytes();
        frame.release();
        return n;
    }

    /** Client side, Pushwire now: header, copy and XOR mask (8 bytes per step) into one pooled buffer. */
    @Benchmark
    public int clientEncodeMaskedPushwire() {
        ByteBuf frame = DataFrames.encode(PooledByteBufAllocator.DEFAULT, true, payloadBytes, true);
        int n = frame.readableBytes();
        frame.release();
        return n;
    }

    private static int drainOutbound(EmbeddedChannel ch) {
        int n = 0;
        Object o;
        while ((o = ch.readOutbound()) != null) {
            n += ((ByteBuf) o).readableBytes();
            ReferenceCountUtil.release(o);
        }
        return n;
    }
}
