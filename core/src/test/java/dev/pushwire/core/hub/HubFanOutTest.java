package dev.pushwire.core.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pushwire.core.CloseCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fan-out to many subscribers, order under concurrent publishers, and the slow-subscriber policies. */
class HubFanOutTest {
    private final List<HubPeer> peers = new ArrayList<>();
    private Hub hub;

    private Hub hub(HubOptions.Builder options) {
        hub = Hub.create(options
                .defaultChannelOptions(ChannelOptions.builder().allowAnonymous(true).joinLeave(false).build())
                .namespace("drop:*", ChannelOptions.builder().allowAnonymous(true).joinLeave(false)
                        .slowSubscriberPolicy(SlowSubscriberPolicy.DROP_OLDEST).slowSubscriberQueue(3).build())
                .namespace("latest:*", ChannelOptions.builder().allowAnonymous(true).joinLeave(false)
                        .slowSubscriberPolicy(SlowSubscriberPolicy.LATEST_VALUE).build())
                .build());
        return hub;
    }

    private HubPeer subscribed(String channel) {
        HubPeer p = new HubPeer(hub);
        peers.add(p);
        p.connect();
        p.subscribe(channel);
        return p;
    }

    @AfterEach
    void everythingWasChecked() {
        for (HubPeer p : peers) {
            p.connection.assertExhausted();
        }
        hub.close();
    }

    @Test
    void everySubscriberGetsEveryPublicationInOrderUnderConcurrentPublishers() throws Exception {
        hub(HubOptions.builder().threads(2));
        List<HubPeer> subscribers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            subscribers.add(subscribed("crowd"));
        }
        List<CompletableFuture<Void>> publishers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int publisher = t;
            publishers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 25; i++) {
                    hub.publish("crowd", "{\"p\":" + publisher + ",\"i\":" + i + "}").join();
                }
            }));
        }
        CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        for (HubPeer p : subscribers) {
            int[] lastOfPublisher = {-1, -1, -1, -1};
            for (long offset = 1; offset <= 100; offset++) {
                JsonNode push = p.publication("crowd");
                assertThat(push.path("offset").asLong()).isEqualTo(offset);
                int publisher = push.path("data").path("p").asInt();
                int i = push.path("data").path("i").asInt();
                assertThat(i).as("publisher %d's order", publisher).isEqualTo(lastOfPublisher[publisher] + 1);
                lastOfPublisher[publisher] = i;
            }
        }
    }

    @Test
    void aSlowSubscriberIsClosedAsASlowConsumerByDefault() {
        hub(HubOptions.builder().slowSubscriberBytes(150));
        HubPeer slow = subscribed("news");
        HubPeer fast = subscribed("news");
        slow.connection.stall();
        for (int i = 1; i <= 3; i++) {
            hub.publish("news", "{\"text\":\"a headline of some length\"}").join();
        }
        slow.publication("news"); // about 110 bytes: under the threshold
        slow.publication("news"); // sent while at 110 bytes: now past it
        assertThat(slow.connection.assertClosed(CloseCode.SLOW_CONSUMER)).contains("too slow for channel news");
        for (int i = 1; i <= 3; i++) {
            assertThat(fast.publication("news").path("offset").asLong()).isEqualTo(i);
        }
    }

    @Test
    void dropOldestKeepsTheNewestPublicationsForASlowSubscriber() {
        hub(HubOptions.builder().slowSubscriberBytes(0));
        HubPeer slow = subscribed("drop:ticks");
        HubPeer witness = subscribed("drop:ticks");
        slow.connection.stall();
        for (int i = 1; i <= 10; i++) {
            hub.publish("drop:ticks", String.valueOf(i)).join();
        }
        for (int i = 1; i <= 10; i++) {
            witness.publication("drop:ticks"); // fan-out of all ten is done
        }
        assertThat(slow.publication("drop:ticks").path("offset").asLong()).isEqualTo(1);
        assertThat(hub.stats().pushesDropped()).as("10 pushes: 1 sent, 3 kept, 6 dropped").isEqualTo(6);
        slow.connection.resume();
        assertDropped(slow, "drop:ticks", 6); // 2 to 7: the client can recover them by offset
        assertThat(slow.publication("drop:ticks").path("offset").asLong()).isEqualTo(8);
        assertThat(slow.publication("drop:ticks").path("offset").asLong()).isEqualTo(9);
        assertThat(slow.publication("drop:ticks").path("offset").asLong()).isEqualTo(10);
    }

    @Test
    void latestValueKeepsOnlyTheLastPublicationForASlowSubscriber() {
        hub(HubOptions.builder().slowSubscriberBytes(0));
        HubPeer slow = subscribed("latest:price");
        HubPeer witness = subscribed("latest:price");
        slow.connection.stall();
        for (int i = 1; i <= 10; i++) {
            hub.publish("latest:price", String.valueOf(i)).join();
        }
        for (int i = 1; i <= 10; i++) {
            witness.publication("latest:price");
        }
        assertThat(slow.publication("latest:price").path("data").asInt()).isEqualTo(1);
        assertThat(hub.stats().pushesDropped()).as("10 pushes: 1 sent, 1 kept, 8 dropped").isEqualTo(8);
        slow.connection.resume();
        assertDropped(slow, "latest:price", 8);
        assertThat(slow.publication("latest:price").path("data").asInt()).isEqualTo(10);
    }

    @Test
    void theObserverTimesEveryDeliveryAndBrokerRoundTripAndHearsEveryDrop() {
        hub(HubOptions.builder().slowSubscriberBytes(0));
        java.util.concurrent.atomic.AtomicInteger delivered = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger roundTrips = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger dropped = new java.util.concurrent.atomic.AtomicInteger();
        hub.observe(new HubObserver() {
            @Override
            public void delivered(long nanos) {
                assertThat(nanos).isNotNegative();
                delivered.incrementAndGet();
            }

            @Override
            public void brokerRoundTrip(long nanos) {
                roundTrips.incrementAndGet();
            }

            @Override
            public void pushDropped() {
                dropped.incrementAndGet();
            }
        });
        HubPeer a = subscribed("news");
        HubPeer b = subscribed("news");
        for (int i = 1; i <= 5; i++) {
            hub.publish("news", String.valueOf(i)).join();
            a.publication("news");
            b.publication("news");
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> delivered.get() == 10 && roundTrips.get() == 5);

        HubPeer slow = subscribed("latest:x");
        slow.connection.stall();
        for (int i = 1; i <= 4; i++) {
            hub.publish("latest:x", String.valueOf(i)).join();
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> dropped.get() == 2);
        assertThat(slow.publication("latest:x").path("data").asInt()).isEqualTo(1);
        slow.connection.resume();
        assertDropped(slow, "latest:x", 2);
        assertThat(slow.publication("latest:x").path("data").asInt()).isEqualTo(4);
    }

    /**
     * A subscriber whose connection was filled by another channel has no send of this channel in flight to call it
     * back: the connection's writability event drains it.
     */
    @Test
    void heldPublicationsDrainOnTheWritabilityEventWhenAnotherChannelFilledTheConnection() {
        hub(HubOptions.builder().slowSubscriberBytes(0));
        HubPeer slow = subscribed("drop:a");
        slow.subscribe("drop:b");
        slow.connection.stall();
        hub.publish("drop:b", "\"b\"").join(); // sent: fills the connection
        assertThat(slow.publication("drop:b").path("data").asText()).isEqualTo("b");
        for (int i = 1; i <= 5; i++) {
            hub.publish("drop:a", String.valueOf(i)).join(); // all held back: no send of drop:a in flight
        }
        HubPeer witness = subscribed("drop:a");
        hub.publish("drop:a", "6").join();
        witness.publication("drop:a"); // drop:a's fan-out has run
        slow.connection.resume(); // calls back drop:b's send only; then the connection turns writable
        assertDropped(slow, "drop:a", 3);
        assertThat(slow.publication("drop:a").path("data").asInt()).isEqualTo(4);
        assertThat(slow.publication("drop:a").path("data").asInt()).isEqualTo(5);
        assertThat(slow.publication("drop:a").path("data").asInt()).isEqualTo(6);
    }

    private static void assertDropped(HubPeer peer, String channel, long count) {
        JsonNode m = peer.next();
        assertThat(m.path("type").asText()).as("a dropped push: %s", m).isEqualTo("dropped");
        assertThat(m.path("channel").asText()).isEqualTo(channel);
        assertThat(m.path("count").asLong()).isEqualTo(count);
    }
}
