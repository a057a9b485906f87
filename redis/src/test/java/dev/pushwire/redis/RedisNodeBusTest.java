package dev.pushwire.redis;

import dev.pushwire.core.cluster.NodeBus;
import dev.pushwire.core.cluster.NodeBusContractTest;
import dev.pushwire.testkit.RedisServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis bus keeps the {@link NodeBus} contract, on a real redis-server. */
class RedisNodeBusTest extends NodeBusContractTest {
    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Override
    protected NodeBus newNode(String id) {
        return RedisNodeBus.builder(RedisOptions.parse(redis.uri()).toBuilder().nodeId(id).build()).heartbeatInterval(Duration.ofMillis(200))
                .nodeTimeout(Duration.ofSeconds(1)).build();
    }

    @Override
    protected void crash(NodeBus node) {
        ((RedisNodeBus) node).abandon();
    }

    @Override
    protected Duration crashNoticedWithin() {
        return Duration.ofSeconds(1);
    }
}
