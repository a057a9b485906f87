package dev.pushwire.bench.jmh;

import dev.pushwire.websocket.internal.Utf8Validation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
 * UTF-8 validation of a whole text message: Pushwire's {@code Utf8Validation} (8 bytes per step over ASCII),
 * Netty's {@code Utf8FrameValidator} (a DFA one byte at a time; driven through an EmbeddedChannel, so compare it
 * with {@link #nettyPipelineBaseline}), the JDK's strict CharsetDecoder, and {@code new String} (what a server that
 * hands out Strings pays anyway; it replaces bad input rather than rejecting it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Utf8ValidationBenchmark {
    /** The message. */
    @Param({"ascii-32", "ascii-65536", "mixed-65536"})
    public String payload;

    private byte[] bytes;
    private ByteBuf buf;
    private ByteBuffer nio;
    private CharBuffer chars;
    private CharsetDecoder decoder;
    private EmbeddedChannel nettyValidator;
    private EmbeddedChannel nettyBaseline;

    /** Builds the payload and the channels. */
    @Setup
    public void setUp() {
        bytes = Payloads.utf8(payload);
        buf = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        nio = ByteBuffer.wrap(bytes);
        chars = CharBuffer.allocate(bytes.length);
        decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        nettyValidator = new EmbeddedChannel(new Utf8FrameValidator(), new Drop());
        nettyBaseline = new EmbeddedChannel(new ChannelInboundHandlerAdapter(), new Drop());
    }

    /** Frees buffers and channels. */
    @TearDown
    public void tearDown() {
        buf.release();
        nettyValidator.finishAndReleaseAll();
        nettyBaseline.finishAndReleaseAll();
    }

    /** Pushwire's validator over the ByteBuf. */
    @Benchmark
    public int pushwire() {
        return Utf8Validation.update(Utf8Validation.ACCEPT, buf, 0, buf.writerIndex());
    }

    /** Netty's Utf8FrameValidator, as it runs in Netty's WebSocket pipeline. */
    @Benchmark
    public boolean nettyUtf8FrameValidator() {
        return nettyValidator.writeInbound(new TextWebSocketFrame(buf.retainedDuplicate()));
    }

    /** The same EmbeddedChannel path without a validator: subtract it from {@link #nettyUtf8FrameValidator}. */
    @Benchmark
    public boolean nettyPipelineBaseline() {
        return nettyBaseline.writeInbound(new TextWebSocketFrame(buf.retainedDuplicate()));
    }

    /** The JDK's strict decoder (REPORT on malformed input), into a reused CharBuffer. */
    @Benchmark
    public CoderResult jdkCharsetDecoder() {
        decoder.reset();
        chars.clear();
        CoderResult r = decoder.decode(nio.duplicate(), chars, true);
        return r;
    }

    /** {@code new String(bytes, UTF_8)}: decodes with the JDK's fast paths; does not reject bad input. */
    @Benchmark
    public String jdkNewString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Releases whatever reaches the end of the pipeline. */
    private static final class Drop extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }
}
