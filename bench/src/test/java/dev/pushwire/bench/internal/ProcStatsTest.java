package dev.pushwire.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;

/** CPU time from /proc: the kernel's part is counted, and it is part of the total. */
class ProcStatsTest {
    @Test
    void systemCallsShowAsSystemTimeInsideTheTotal() throws IOException {
        long self = ProcStats.self();
        ProcStats.CpuTime before = ProcStats.cpuTime(self);
        long deadline = System.nanoTime() + 20_000_000_000L;
        ByteBuffer one = ByteBuffer.allocateDirect(1);
        try (FileChannel devNull = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE)) {
            // one system call per write, until the kernel's 10 ms clock ticks at least twice on our behalf
            while (ProcStats.cpuTime(self).systemNanos() - before.systemNanos() < 20_000_000 && System.nanoTime() < deadline) {
                for (int i = 0; i < 10_000; i++) {
                    one.clear();
                    devNull.write(one);
                }
            }
        }
        ProcStats.CpuTime after = ProcStats.cpuTime(self);
        long sys = after.systemNanos() - before.systemNanos();
        long cpu = after.totalNanos() - before.totalNanos();
        assertThat(sys).as("system time of 10,000s of write(2)").isGreaterThanOrEqualTo(20_000_000);
        assertThat(cpu).as("the total includes it").isGreaterThanOrEqualTo(sys);
    }
}
