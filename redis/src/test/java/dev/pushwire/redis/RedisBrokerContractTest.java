package dev.pushwire.redis;

import dev.pushwire.core.hub.Broker;
import dev.pushwire.core.hub.BrokerContractTest;
import dev.pushwire.testkit.RedisServer;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link RedisBroker} passes the broker contract against a real redis-server. */
class RedisBrokerContractTest extends BrokerContractTest {
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    protected Broker newBroker(Clock clock) {
        return RedisBroker.create(RedisOptions.parse(redis.uri()));
    }

    /** Redis keeps its own time: wait for real. */
    @Override
    protected void elapse(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
