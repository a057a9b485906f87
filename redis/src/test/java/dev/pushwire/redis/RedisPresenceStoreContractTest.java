package dev.pushwire.redis;

import dev.pushwire.core.hub.PresenceStore;
import dev.pushwire.core.hub.PresenceStoreContractTest;
import dev.pushwire.testkit.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link RedisPresenceStore} passes the presence contract against a real redis-server, nodes dying included. */
class RedisPresenceStoreContractTest extends PresenceStoreContractTest {
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
