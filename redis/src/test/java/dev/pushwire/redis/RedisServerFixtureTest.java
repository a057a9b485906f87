package dev.pushwire.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

/** The test fixture the module's tests stand on: a real redis-server that keeps or loses data as asked. */
class RedisServerFixtureTest {

    @Test
    void restartWithoutPersistenceLosesDataAndWithAppendOnlyFileKeepsIt() {
        for (boolean appendOnly : new boolean[] {false, true}) {
            try (RedisServer redis = RedisServer.start(appendOnly, null)) {
                RedisClient client = RedisClient.create(redis.uri());
                try (StatefulRedisConnection<String, String> c = client.connect()) {
                    assertThat(c.sync().set("k", "v")).isEqualTo("OK");
                }
                redis.restart();
                try (StatefulRedisConnection<String, String> c = client.connect()) {
                    assertThat(c.sync().get("k")).isEqualTo(appendOnly ? "v" : null);
                } finally {
                    client.shutdown();
                }
            }
        }
    }
}
