package dev.pushwire.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NettyLeakCheck.class)
class NettyLeakCheckTest {

    @Test
    void recordsABufferThatWasNeverReleased() {
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
        leakOneBuffer();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            NettyLeakCheck.collectAndReport();
            assertThat(NettyLeakCheck.leaks())
                    .anySatisfy(report -> assertThat(report)
                            .contains("ByteBuf.release() was not called")
                            .contains(NettyLeakCheck.EXPECTED_LEAK_HINT)
                            .contains("leakOneBuffer"));
        });
    }

    @Test
    void recordsNothingForReleasedBuffers() {
        int before = NettyLeakCheck.leaks().size();
        for (int i = 0; i < 100; i++) {
            ByteBuf buffer = ByteBufAllocator.DEFAULT.buffer(64);
            buffer.writeLong(i);
            buffer.release();
        }
        NettyLeakCheck.collectAndReport();
        assertThat(NettyLeakCheck.leaks().subList(before, NettyLeakCheck.leaks().size()))
                .noneMatch(report -> !report.contains(NettyLeakCheck.EXPECTED_LEAK_HINT));
    }

    private static void leakOneBuffer() {
        ByteBuf buffer = ByteBufAllocator.DEFAULT.buffer(16);
        buffer.writeInt(42);
        buffer.touch(NettyLeakCheck.EXPECTED_LEAK_HINT);
        // dropped without release(): the collector will find it
    }
}
