package dev.pushwire.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Preparing one text message for many subscribers: encoding it (UTF-8 and frame header) once per subscriber, as a
 * {@code send(String)} per connection does, against encoding it once and handing every subscriber a retained
 * duplicate of the same bytes. The socket writes themselves are not measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FanOutBenchmark {
    /** Subscribers per message. */
    @Param({"1000"})
    public int subscribers;

    /** Message characters. */
    @Param({"32", "1024"})
    public int length;

    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private String text;

    /** Builds the message. */
    @org.openjdk.jmh.annotations.Setup
    public void setUp() {
        text = new String(Payloads.utf8("mixed-" + length), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A UTF-8 encode and a framed buffer for every subscriber. */
    @Benchmark
    public void encodePerSubscriber(Blackhole bh) {
        for (int i = 0; i < subscribers; i++) {
            ByteBuf frame = frame(text);
            bh.consume(frame);
            frame.release();
        }
    }

    /** One encode; every subscriber gets a retained duplicate (shared bytes, own indexes). */
    @Benchmark
    public void encodeOnce(Blackhole bh) {
        ByteBuf frame = frame(text);
        for (int i = 0; i < subscribers; i++) {
            ByteBuf dup = frame.retainedDuplicate();
            bh.consume(dup);
            dup.release();
        }
        frame.release();
    }

    private ByteBuf frame(String s) {
        int len = ByteBufUtil.utf8Bytes(s);
        ByteBuf out = alloc.directBuffer(len + 4);
        out.writeByte(0x81);
        if (len < 126) {
            out.writeByte(len);
        } else {
            out.writeByte(126).writeShort(len);
        }
        ByteBufUtil.writeUtf8(out, s);
        return out;
    }
}
