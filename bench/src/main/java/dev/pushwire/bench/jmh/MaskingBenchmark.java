package dev.pushwire.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
 * XOR masking (RFC 6455 §5.3) of a payload in place, two ways: one byte at a time and eight bytes at a time with a
 * 64-bit mask. Shows what a masking loop can cost (the codec's own masking is in {@link FrameCodecBenchmark}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MaskingBenchmark {
    /** Payload bytes. */
    @Param({"32", "65536"})
    public int size;

    private ByteBuf buf;
    private final byte[] mask = {0x37, (byte) 0xfa, 0x21, 0x3d};

    /** Allocates the payload. */
    @Setup
    public void setUp() {
        buf = Unpooled.directBuffer(size).writeBytes(Payloads.utf8("ascii-" + size));
    }

    /** Frees it. */
    @TearDown
    public void tearDown() {
        buf.release();
    }

    /** One byte per step. */
    @Benchmark
    public ByteBuf byteAtATime() {
        int n = buf.writerIndex();
        for (int i = 0; i < n; i++) {
            buf.setByte(i, buf.getByte(i) ^ mask[i & 3]);
        }
        return buf;
    }

    /** Eight bytes per step, then the tail byte by byte. */
    @Benchmark
    public ByteBuf longAtATime() {
        int n = buf.writerIndex();
        int m = ((mask[0] & 0xFF) << 24) | ((mask[1] & 0xFF) << 16) | ((mask[2] & 0xFF) << 8) | (mask[3] & 0xFF);
        long m64 = ((long) m << 32) | (m & 0xFFFFFFFFL); // getLong/setLong are big-endian, like the mask
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            buf.setLong(i, buf.getLong(i) ^ m64);
        }
        for (; i < n; i++) {
            buf.setByte(i, buf.getByte(i) ^ mask[i & 3]);
        }
        return buf;
    }
}
