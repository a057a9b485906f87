package dev.pushwire.redis;

import dev.pushwire.core.hub.Broker;
import dev.pushwire.testkit.RedisServerExtension;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RedisBroker} passes the broker contract against a real redis-server. */
class RedisBrokerContractTest extends RealTimeBrokerContractTest {
    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Override
    protected Broker newBroker(Clock clock) {
        return RedisBroker.create(RedisOptions.parse(redis.uri()));
    }
}
