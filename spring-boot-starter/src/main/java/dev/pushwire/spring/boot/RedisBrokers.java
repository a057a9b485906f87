package dev.pushwire.spring.boot;

import dev.pushwire.core.cluster.NodeBus;
import dev.pushwire.core.hub.Broker;
import dev.pushwire.core.hub.PresenceStore;
import dev.pushwire.redis.RedisBroker;
import dev.pushwire.redis.RedisNodeBus;
import dev.pushwire.redis.RedisOptions;
import dev.pushwire.redis.RedisPresenceStore;

/**
 * Builds pushwire-redis's broker and presence store. Only loaded when pushwire-redis is on the class path
 * ({@link Brokers} checks first).
 */
final class RedisBrokers {
    private RedisBrokers() {
    }

    static Broker create(String uris, PushwireProperties.Redis p) {
        return RedisBroker.create(options(uris, p));
    }

    /**
     * The cluster bus on the first Redis of {@code uris}, so that any node answers any HTTP session (docs/scaling.md),
     * with the broker's options: the same node id, key prefix and timeouts.
     */
    static NodeBus nodeBus(String uris, PushwireProperties.Redis p) {
        return RedisNodeBus.builder(options(uris, p)).build();
    }

    private static RedisOptions options(String uris, PushwireProperties.Redis p) {
        return RedisOptions.parse(uris).toBuilder()
                .keyPrefix(p.getKeyPrefix())
                .commandTimeout(p.getCommandTimeout())
                .presenceTtl(p.getPresenceTtl())
                .nodeId(nodeId(p))
                .build();
    }

    /** {@code pushwire.redis.node-id}, or a random one chosen once and kept there, so broker and bus share it. */
    private static String nodeId(PushwireProperties.Redis p) {
        synchronized (p) {
            if (p.getNodeId() == null || p.getNodeId().isEmpty()) {
                p.setNodeId(RedisOptions.randomNodeId());
            }
            return p.getNodeId();
        }
    }

    static PresenceStore presenceFor(Broker broker) {
        return broker instanceof RedisBroker redis ? RedisPresenceStore.sharing(redis) : null;
    }
}
