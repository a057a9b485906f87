package dev.pushwire.spring.boot;

import dev.pushwire.core.hub.Broker;
import dev.pushwire.core.hub.PresenceStore;
import dev.pushwire.redis.RedisBroker;
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
        RedisOptions.Builder options = RedisOptions.parse(uris).toBuilder()
                .keyPrefix(p.getKeyPrefix())
                .commandTimeout(p.getCommandTimeout())
                .presenceTtl(p.getPresenceTtl());
        if (!p.getNodeId().isEmpty()) {
            options.nodeId(p.getNodeId());
        }
        return RedisBroker.create(options.build());
    }

    static PresenceStore presenceFor(Broker broker) {
        return broker instanceof RedisBroker redis ? RedisPresenceStore.sharing(redis) : null;
    }
}
