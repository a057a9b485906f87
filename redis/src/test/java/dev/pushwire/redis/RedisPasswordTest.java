package dev.pushwire.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pushwire.core.hub.Broker;
import dev.pushwire.core.hub.BrokerUnavailableException;
import dev.pushwire.core.hub.ClientInfo;
import dev.pushwire.testkit.RedisServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A password comes with the URI; a wrong one stops the broker at creation with a message naming the server. */
class RedisPasswordTest {

    @Test
    void thePasswordInTheUriIsUsedAndAWrongOneIsRefusedClearly() {
        try (RedisServer redis = RedisServer.start(false, "s3cret")) {
            try (RedisBroker broker = RedisBroker.create(RedisOptions.parse(redis.uri()));
                 RedisPresenceStore presence = RedisPresenceStore.sharing(broker)) {
                broker.start(new Broker.EventHandler() {
                    @Override
                    public void onPublication(dev.pushwire.core.hub.Publication publication) {
                    }

                    @Override
                    public void onJoin(String channel, ClientInfo client) {
                    }

                    @Override
                    public void onLeave(String channel, ClientInfo client) {
                    }
                });
                assertThat(broker.publish("pw", "1", new Broker.PublishOptions(10, Duration.ofMinutes(1), null))
                        .orTimeout(5, TimeUnit.SECONDS).join().offset()).isEqualTo(1);
                presence.add("pw", new ClientInfo("c1", "alice", null)).join();
                assertThat(presence.list("pw").join()).extracting(ClientInfo::userId).containsExactly("alice");
            }
            String wrong = "redis://:nope@127.0.0.1:" + redis.port();
            assertThatThrownBy(() -> RedisBroker.create(RedisOptions.parse(wrong)))
                    .isInstanceOf(BrokerUnavailableException.class)
                    .hasMessageContaining("cannot connect to Redis at 127.0.0.1:" + redis.port());
        }
    }
}
