package dev.pushwire.redis;

import dev.pushwire.core.hub.Broker;
import dev.pushwire.core.hub.BrokerContractTest;
import dev.pushwire.testkit.RedisServer;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link RedisBroker} over two redis-servers (channels sharded by consistent hashing) passes the broker contract. */
class ShardedRedisBrokerContractTest extends BrokerContractTest {
    private static RedisServer first;
    private static RedisServer second;

    @BeforeAll
    static void startRedis() {
        first = RedisServer.start();
        second = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @Override
    protected Broker newBroker(Clock clock) {
        return RedisBroker.create(RedisOptions.parse(first.uri() + "," + second.uri()));
    }

    @Override
    protected void elapse(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
