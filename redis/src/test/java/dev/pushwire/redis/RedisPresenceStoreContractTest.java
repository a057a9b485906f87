package dev.pushwire.redis;

import dev.pushwire.core.hub.PresenceStore;
import dev.pushwire.core.hub.PresenceStoreContractTest;
import dev.pushwire.testkit.RedisServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RedisPresenceStore} passes the presence contract against a real redis-server, nodes dying included. */
class RedisPresenceStoreContractTest extends PresenceStoreContractTest {
    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Override
    protected PresenceStore newStore() {
        return RedisPresenceStore.create(RedisOptions.parse(redis.uri()));
    }

    @Override
    protected PresenceStore newPeerStore(Duration ttl) {
        return RedisPresenceStore.create(RedisOptions.parse(redis.uri()).toBuilder().presenceTtl(ttl).build());
    }

    @Override
    protected void killPeer(PresenceStore peer) {
        ((RedisPresenceStore) peer).abandon();
    }
}
