package dev.pushwire.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.hub.Broker;
import dev.pushwire.core.hub.ClientInfo;
import dev.pushwire.core.hub.Publication;
import dev.pushwire.core.hub.StreamPosition;
import dev.pushwire.testkit.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis pub/sub loses messages; a subscribed node must not. Two brokers (two nodes) on one real redis-server; losses
 * are made real: the subscriber's pub/sub connection is killed by Redis ({@code CLIENT KILL TYPE pubsub}), or a
 * publication is written by the publish script with its PUBLISH sent to another pub/sub channel.
 */
class RedisFeedTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();
    private static RedisClient admin;
    private static StatefulRedisConnection<String, String> adminConnection;

    private RedisBroker publisher;
    private RedisBroker subscriber;
    private final List<Publication> delivered = new CopyOnWriteArrayList<>();
    private final List<StreamPosition> lost = new CopyOnWriteArrayList<>();
    private final List<String> reasons = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void connectAdmin() {
        admin = RedisClient.create(redis.uri());
        adminConnection = admin.connect();
    }

    @AfterAll
    static void disconnectAdmin() {
        adminConnection.close();
        admin.shutdown();
    }

    @BeforeEach
    void startNodes() {
        RedisOptions options = RedisOptions.parse(redis.uri()).toBuilder()
                .idleCheckInterval(Duration.ofMillis(300)).build();
        publisher = RedisBroker.create(options);
        publisher.start(new Recorder(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
        subscriber = RedisBroker.create(options);
        subscriber.start(new Recorder(delivered, lost, reasons));
    }

    @AfterEach
    void stopNodes() {
        publisher.close();
        subscriber.close();
    }

    private record Recorder(List<Publication> delivered, List<StreamPosition> lost, List<String> reasons)
            implements Broker.EventHandler {
        @Override
        public void onPublication(Publication publication) {
            delivered.add(publication);
        }

        @Override
        public void onJoin(String channel, ClientInfo client) {
        }

        @Override
        public void onLeave(String channel, ClientInfo client) {
        }

        @Override
        public void onUnrecoverable(String channel, StreamPosition continueAfter, String reason) {
            lost.add(continueAfter);
            reasons.add(reason);
        }
    }

    private static Broker.PublishOptions keep(int size) {
        return new Broker.PublishOptions(size, Duration.ofMinutes(5), null);
    }

    private StreamPosition publish(String channel, String data, Broker.PublishOptions options) {
        return publisher.publish(channel, data, options).orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** Runs the real publish script, but sends its PUBLISH to a channel nobody listens to: a lost pub/sub message. */
    private void publishWithLostMessage(String channel, String data, int historySize) throws Exception {
        String script = new String(RedisBroker.class.getResourceAsStream("internal/publish.lua").readAllBytes(),
                StandardCharsets.UTF_8);
        long now = System.currentTimeMillis();
        adminConnection.sync().eval(script, ScriptOutputType.MULTI,
                new String[] {"pushwire:meta:" + channel, "pushwire:stream:" + channel, "pushwire:meta:" + channel},
                now + ":-" + data, Integer.toString(historySize), "300000", "3600000", "unused-epoch",
                "pushwire:ch:nobody-listens", Long.toString(now + 300_000), "");
    }

    private List<Long> offsets() {
        return delivered.stream().map(Publication::offset).toList();
    }

    private static List<Long> oneTo(long n) {
        List<Long> out = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void aLostMessageFollowedByAnotherIsReadBackInOrderAtOnce() throws Exception {
        String ch = "feed-gap";
        subscriber.subscribe(ch).get(10, TimeUnit.SECONDS);
        publish(ch, "1", keep(10));
        publishWithLostMessage(ch, "2", 10);
        publish(ch, "3", keep(10));
        await().atMost(TIMEOUT).until(() -> delivered.size() >= 3);
        assertThat(offsets()).containsExactly(1L, 2L, 3L);
        assertThat(delivered.get(1).data()).isEqualTo("2");
        assertThat(lost).isEmpty();
    }

    @Test
    void aLostLastMessageOfAnIdleChannelIsFoundByTheIdleCheck() throws Exception {
        String ch = "feed-idle";
        subscriber.subscribe(ch).get(10, TimeUnit.SECONDS);
        publish(ch, "1", keep(10));
        publishWithLostMessage(ch, "2", 10);
        await().atMost(TIMEOUT).until(() -> delivered.size() >= 2);
        assertThat(offsets()).containsExactly(1L, 2L);
        assertThat(lost).isEmpty();
    }

    @Test
    void aLostMessageThatHistoryDoesNotHoldIsReportedUnrecoverableNotSkipped() throws Exception {
        String ch = "feed-nohistory";
        subscriber.subscribe(ch).get(10, TimeUnit.SECONDS);
        publish(ch, "1", keep(0));
        publishWithLostMessage(ch, "2", 0);
        publish(ch, "3", keep(0));
        await().atMost(TIMEOUT).until(() -> delivered.size() >= 2);
        assertThat(offsets()).containsExactly(1L, 3L);
        assertThat(lost).extracting(StreamPosition::offset).containsExactly(2L);
        assertThat(reasons.get(0)).contains("publications 2 to 2 of feed-nohistory were lost");
    }

    @Test
    void whatIsPublishedWhileThePubSubConnectionIsDownArrivesAfterItCameBack() throws Exception {
        String ch = "feed-reconnect";
        subscriber.subscribe(ch).get(10, TimeUnit.SECONDS);
        int total = 300;
        for (int i = 1; i <= total; i++) {
            publish(ch, Integer.toString(i), keep(1000));
            if (i % 100 == 50) {
                adminConnection.sync().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
            }
        }
        await().atMost(TIMEOUT).until(() -> delivered.size() >= total);
        assertThat(offsets()).containsExactlyElementsOf(oneTo(total));
        assertThat(lost).isEmpty();
    }

    @Test
    void aNewEpochIsReportedWithThePositionToGoOnFrom() throws Exception {
        String ch = "feed-epoch";
        subscriber.subscribe(ch).get(10, TimeUnit.SECONDS);
        StreamPosition first = publish(ch, "1", keep(10));
        await().atMost(TIMEOUT).until(() -> delivered.size() == 1);
        adminConnection.sync().del("pushwire:meta:" + ch, "pushwire:stream:" + ch); // as a restart would
        StreamPosition next = publish(ch, "2", keep(10));
        assertThat(next.epoch()).isNotEqualTo(first.epoch());
        await().atMost(TIMEOUT).until(() -> delivered.size() == 2);
        assertThat(delivered.get(1).position()).isEqualTo(next);
        assertThat(lost).containsExactly(new StreamPosition(next.epoch(), 0));
    }

    @Test
    void aChannelLeftAndJoinedAgainAtOnceKeepsReceiving() throws Exception {
        String ch = "feed-churn";
        for (int i = 0; i < 20; i++) {
            subscriber.subscribe(ch);
            subscriber.unsubscribe(ch);
        }
        subscriber.subscribe(ch).get(10, TimeUnit.SECONDS);
        publish(ch, "1", keep(10));
        await().atMost(TIMEOUT).until(() -> delivered.size() == 1);
        assertThat(offsets()).containsExactly(1L);
    }
}
