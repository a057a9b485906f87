package dev.pushwire.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.hub.ClientInfo;
import dev.pushwire.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A node refreshes its presence entries in batches: 1,200 clients of one channel cost a few script calls per refresh,
 * not 1,200, and every entry outlives several TTLs.
 */
class RedisPresenceRefreshTest {
    private static final Pattern REFRESH_CALLS = Pattern.compile("cmdstat_evalsha:calls=(\\d+)");

    @Test
    void manyClientsOfOneChannelAreRefreshedInBatchesAndStayListed() {
        Duration ttl = Duration.ofMillis(1500);
        int clients = 1200;
        try (RedisServer redis = RedisServer.start();
             RedisPresenceStore store = RedisPresenceStore.create(RedisOptions.parse(redis.uri()).toBuilder()
                     .presenceTtl(ttl).commandTimeout(Duration.ofSeconds(10)).build())) {  // not a latency test
            for (int wave = 0; wave < clients; wave += 100) {  // as subscribers arrive: 100 at a time
                List<CompletableFuture<Void>> adds = new ArrayList<>();
                for (int i = wave; i < wave + 100; i++) {
                    adds.add(store.add("room", new ClientInfo("c" + i, "user" + i, null)));
                }
                CompletableFuture.allOf(adds.toArray(CompletableFuture[]::new)).join();
            }
            RedisClient stats = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> c = stats.connect()) {
                c.sync().configResetstat();
                long start = System.nanoTime();
                // three TTLs: about nine refreshes; every entry must still be listed at the end
                await().pollDelay(ttl.multipliedBy(3)).atMost(ttl.multipliedBy(6))
                        .until(() -> store.list("room").join().size() == clients);
                long refreshes = (System.nanoTime() - start) / (ttl.toNanos() / 3) + 1;
                long calls = evalshaCalls(c.sync().info("commandstats"));
                long batchesPerRefresh = (clients + RedisPresenceStore.REFRESH_BATCH - 1)
                        / RedisPresenceStore.REFRESH_BATCH;
                assertThat(calls).as("script calls in %d refreshes", refreshes)
                        .isPositive()
                        .isLessThanOrEqualTo(refreshes * batchesPerRefresh + refreshes /* the lists */ + 2);
            } finally {
                stats.shutdown();
            }
        }
    }

    private static long evalshaCalls(String info) {
        Matcher m = REFRESH_CALLS.matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
