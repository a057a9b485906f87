package dev.pushwire.core.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.core.hub.Broker;
import dev.pushwire.core.hub.StreamPosition;
import dev.pushwire.core.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Channel names that come and go do not stay in memory: a client cannot grow the broker without bound. */
class MemoryBrokerMemoryTest {
    private final MutableClock clock = new MutableClock();
    private final MemoryBroker broker = new MemoryBroker(clock);

    /** Keeps nothing, so only the stream's epoch and offset remain after publishing. */
    private static final Broker.PublishOptions NO_HISTORY = new Broker.PublishOptions(0, Duration.ZERO, null);

    private static Broker.HistoryQuery latest() {
        return new Broker.HistoryQuery(null, 0);
    }

    @Test
    void subscribingToEverNewChannelsDoesNotGrowTheBrokerWithoutBound() {
        int names = MemoryBroker.MAX_IDLE_STREAMS + 3 * MemoryBroker.SWEEP_EVERY;
        for (int i = 0; i < names; i++) {
            String channel = "random-" + i;
            broker.subscribe(channel).join();
            broker.history(channel, latest()).join();
            broker.unsubscribe(channel).join();
        }
        assertThat(broker.streamCount()).isLessThanOrEqualTo(MemoryBroker.MAX_IDLE_STREAMS + MemoryBroker.SWEEP_EVERY);
    }

    @Test
    void idleStreamsAreForgottenAnHourAfterTheirLastUse() {
        for (int i = 0; i < 1000; i++) {
            broker.history("probe-" + i, latest()).join();
        }
        clock.advance(MemoryBroker.STREAM_META_TTL);
        broker.sweep();
        assertThat(broker.streamCount()).isZero();
    }

    @Test
    void aSubscribedOrRecentlyPublishedChannelKeepsItsEpoch() {
        broker.subscribe("kept").join();
        StreamPosition kept = broker.publish("kept", "{}", NO_HISTORY).join();
        StreamPosition recent = broker.publish("recent", "{}", NO_HISTORY).join();
        broker.sweep();
        clock.advance(MemoryBroker.STREAM_META_TTL.minus(Duration.ofSeconds(1)));
        broker.sweep();
        assertThat(broker.history("kept", latest()).join().top()).isEqualTo(kept);
        assertThat(broker.history("recent", latest()).join().top()).isEqualTo(recent);

        clock.advance(Duration.ofSeconds(2));
        broker.sweep();
        assertThat(broker.history("kept", latest()).join().top()).isEqualTo(kept);
        assertThat(broker.history("recent", latest()).join().top().epoch())
                .as("forgotten an hour after its last publication: a new epoch").isNotEqualTo(recent.epoch());
    }
}
