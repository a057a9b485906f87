package dev.pushwire.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.cluster.NodeBus;
import dev.pushwire.testkit.RedisServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A bus built on a broker shares its Redis client and options, and outlives whichever of the two closes first. */
class RedisNodeBusSharingTest {
    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Test
    void aBusOnABrokerTakesItsNodeIdAndStartsNoThreadPoolOfItsOwn() {
        Set<String> before = lettucePools();
        RedisBroker broker = RedisBroker.create(RedisOptions.parse(redis.uri()).toBuilder().nodeId("shared-a").build());
        Set<String> withBroker = lettucePools();
        try (NodeBus bus = RedisNodeBus.builder(broker).build()) {
            assertThat(bus.nodeId()).isEqualTo("shared-a");
            bus.start(new NodeBus.Listener() { });
            assertThat(withBroker).hasSizeGreaterThan(before.size());
            assertThat(lettucePools()).isSubsetOf(withBroker);
        } finally {
            broker.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> before.containsAll(lettucePools()));
    }

    @Test
    void theBusKeepsWorkingAfterItsBrokerClosedAndTheLastToCloseClosesTheClient() {
        List<String> got = new CopyOnWriteArrayList<>();
        RedisBroker broker = RedisBroker.create(RedisOptions.parse(redis.uri()).toBuilder().nodeId("shared-b").build());
        NodeBus receiver = RedisNodeBus.builder(broker).build();
        try (NodeBus sender = RedisNodeBus.builder(RedisOptions.parse(redis.uri()).toBuilder().nodeId("own-c").build())
                .build()) {
            receiver.start(new NodeBus.Listener() {
                @Override
                public void onMessage(String from, byte[] message) {
                    got.add(from + ":" + new String(message, StandardCharsets.UTF_8));
                }
            });
            sender.start(new NodeBus.Listener() { });
            broker.close();
            sender.send("shared-b", "after the broker closed".getBytes(StandardCharsets.UTF_8)).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 1);
            assertThat(got).containsExactly("own-c:after the broker closed");
        } finally {
            receiver.close();
        }
        assertThatThrownBy(() -> RedisNodeBus.builder(broker).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aNodeIdTheBusCannotCarryIsRefusedSayingWhichRule() {
        RedisOptions options = RedisOptions.parse(redis.uri()).toBuilder().nodeId("node.with.dots").build();
        assertThatThrownBy(() -> RedisNodeBus.builder(options).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("A-Z a-z 0-9 _ -");
    }

    /** Lettuce's thread pools alive now: thread names without their number ({@code lettuce-timer-3-1} is pool 3). */
    private static Set<String> lettucePools() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("lettuce-"))
                .map(t -> t.getName().replaceAll("-\\d+$", ""))
                .collect(Collectors.toSet());
    }
}
