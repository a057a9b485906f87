package dev.pushwire.core.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pushwire.core.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A broker that lost publications on their way to this node ({@link Broker.EventHandler#onUnrecoverable}): each live
 * subscriber of the channel gets the {@code unrecoverable} push, in order with the publications around it, and the
 * subscription goes on.
 */
class HubUnrecoverablePushTest {
    private final MutableClock clock = new MutableClock();
    /** The in-memory broker, with the hub's handler kept so the test can report a loss as a shared broker would. */
    private final LossyBroker broker = new LossyBroker(Broker.memory(clock));
    private final Hub hub = Hub.create(HubOptions.builder().clock(clock).broker(broker)
            .defaultChannelOptions(ChannelOptions.builder().allowAnonymous(true).joinLeave(false).build()).build());

    @AfterEach
    void close() {
        hub.close();
    }

    @Test
    void liveSubscribersAreToldOfALossInOrderAndKeepReceiving() {
        HubPeer peer = new HubPeer(hub);
        peer.connect();
        StreamPosition start = new StreamPosition(peer.subscribe("room").path("epoch").asText(), 0);
        HubPeer elsewhere = new HubPeer(hub);
        elsewhere.connect();
        elsewhere.subscribe("other");

        hub.publish("room", "1").join();
        broker.handler.onUnrecoverable("room", new StreamPosition(start.epoch(), 4), "publications 2 to 4 were lost");
        hub.publish("room", "5").join(); // the memory broker says 2; what matters is the order of what arrives

        assertThat(peer.publication("room").path("data").asInt()).isEqualTo(1);
        JsonNode notice = peer.next();
        assertThat(notice.path("type").asText()).isEqualTo("unrecoverable");
        assertThat(notice.path("channel").asText()).isEqualTo("room");
        assertThat(notice.path("epoch").asText()).isEqualTo(start.epoch());
        assertThat(notice.path("offset").asLong()).isEqualTo(4);
        assertThat(notice.path("message").asText()).isEqualTo("publications 2 to 4 were lost");
        assertThat(peer.publication("room").path("data").asInt()).isEqualTo(5);
        assertThat(hub.stats().unrecoverable()).isEqualTo(1);
        peer.connection.assertExhausted();
        elsewhere.connection.assertExhausted(); // another channel's subscriber hears nothing
    }

    /** Delegates to a broker and keeps the hub's handler. */
    private static final class LossyBroker extends ForwardingBroker {
        volatile EventHandler handler;

        LossyBroker(Broker delegate) {
            super(delegate);
        }

        @Override
        public void start(EventHandler h) {
            this.handler = h;
            super.start(h);
        }
    }
}
