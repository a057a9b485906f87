package dev.pushwire.redis;

import dev.pushwire.core.hub.Broker;
import dev.pushwire.testkit.RedisServerExtension;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RedisBroker} over two redis-servers (channels sharded by consistent hashing) passes the broker contract. */
class ShardedRedisBrokerContractTest extends RealTimeBrokerContractTest {
    @RegisterExtension
    static final RedisServerExtension first = new RedisServerExtension();
    @RegisterExtension
    static final RedisServerExtension second = new RedisServerExtension();

    @Override
    protected Broker newBroker(Clock clock) {
        return RedisBroker.create(RedisOptions.parse(first.uri() + "," + second.uri()));
    }
}
