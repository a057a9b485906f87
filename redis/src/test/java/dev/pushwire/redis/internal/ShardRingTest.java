package dev.pushwire.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Consistent hashing: every node maps a channel to the same shard, spread evenly, moving few channels per shard. */
class ShardRingTest {
    private static final List<String> THREE = List.of("10.0.0.1:6379", "10.0.0.2:6379", "10.0.0.3:6379");

    @Test
    void everyNodeGivenTheSameShardsInAnyOrderPicksTheSameShardForAChannel() {
        ShardRing one = new ShardRing(THREE);
        ShardRing reordered = new ShardRing(List.of(THREE.get(2), THREE.get(0), THREE.get(1)));
        for (int i = 0; i < 10_000; i++) {
            String channel = "chat:" + i;
            assertThat(THREE.get(one.shardOf(channel)))
                    .isEqualTo(List.of(THREE.get(2), THREE.get(0), THREE.get(1)).get(reordered.shardOf(channel)));
        }
    }

    @Test
    void channelsSpreadEvenlyOverTheShards() {
        ShardRing ring = new ShardRing(THREE);
        Map<Integer, Integer> counts = new HashMap<>();
        int n = 30_000;
        for (int i = 0; i < n; i++) {
            counts.merge(ring.shardOf("user:" + i + ":inbox"), 1, Integer::sum);
        }
        assertThat(counts).hasSize(3);
        assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(n / 3 * 80 / 100, n / 3 * 120 / 100));
    }

    @Test
    void addingAShardMovesAboutItsShareOfChannelsAndOnlyToIt() {
        ShardRing before = new ShardRing(THREE);
        List<String> four = List.of(THREE.get(0), THREE.get(1), THREE.get(2), "10.0.0.4:6379");
        ShardRing after = new ShardRing(four);
        int moved = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            String channel = "news:" + i;
            int was = before.shardOf(channel);
            int is = after.shardOf(channel);
            if (was != is) {
                moved++;
                assertThat(is).as("a channel moves only to the new shard").isEqualTo(3);
            }
        }
        assertThat(moved).isBetween(n / 4 * 70 / 100, n / 4 * 130 / 100);
    }
}
