package dev.pushwire.client.cluster;

import dev.pushwire.core.cluster.NodeBus;
import dev.pushwire.redis.RedisNodeBus;
import dev.pushwire.redis.RedisOptions;
import dev.pushwire.testkit.RedisServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link SessionsAcrossNodesTest} with the nodes on a Redis bus (a real redis-server). A crash here is the node's bus
 * leaving (its pub/sub subscription gone, as when a process dies and Redis drops its connection) with its HTTP port
 * unplugged; the multi-process SIGKILL test covers a real process.
 */
class SessionsAcrossNodesOnRedisBusTest extends SessionsAcrossNodesTest {
    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Override
    protected NodeBus newBus(int i) {
        return RedisNodeBus.builder(RedisOptions.parse(redis.uri()).toBuilder()
                        .nodeId("node" + i + "-" + NodeBus.randomNodeId()).build())
                .heartbeatInterval(Duration.ofMillis(300)).nodeTimeout(Duration.ofSeconds(2)).build();
    }

    @Override
    protected void crashBus(NodeBus bus) {
        bus.close();
    }
}
