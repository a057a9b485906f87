package dev.pushwire.core.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pushwire.core.CloseCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hub's two internal queues are bounded in bytes (issue 12, item 5), each tripped on purpose: a channel's fan-out
 * queue on a node (held back by a delivery the test blocks) and a pending subscriber's buffer (its history read held
 * back by the test's broker). Past either limit the subscribers concerned are closed with 4000 after what came before
 * the gap and nothing after it, others are unaffected, the close is counted, and a resubscribe with {@code since}
 * recovers exactly the publications they missed.
 */
class HubQueueLimitsTest {
    private static final String MIB_OF_DATA = "\"" + "x".repeat((1 << 20) - 2) + "\"";

    private final List<HubPeer> peers = new ArrayList<>();
    private final HeldHistoryBroker broker = new HeldHistoryBroker(Broker.memory(java.time.Clock.systemUTC()));
    private Hub hub;

    private void hub(HubOptions.Builder options) {
        hub = Hub.create(options.broker(broker)
                .defaultChannelOptions(ChannelOptions.builder().allowAnonymous(true).joinLeave(false)
                        .historySize(1000).build())
                .namespace("live:*", ChannelOptions.builder().allowAnonymous(true).presence(true).joinLeave(true)
                        .build())
                .build());
    }

    private HubPeer connected() {
        HubPeer p = new HubPeer(hub);
        peers.add(p);
        p.connect();
        return p;
    }

    @AfterEach
    void everythingWasChecked() {
        broker.release();
        for (HubPeer p : peers) {
            p.connection.assertExhausted();
        }
        hub.close();
    }

    /**
     * Fan-out of channel "big" is held on a pool thread (the first delivery's timing callback blocks) while 16 MiB of
     * publications arrive: the 16 that fit are delivered once the queue moves, then both subscribers of "big" are
     * closed with 4000; the publications from the overflowing one on never reach them; another channel is served
     * meanwhile; a resubscribe with since gets exactly the missed ones.
     */
    @Test
    void anOverflowingFanOutQueueClosesTheChannelsSubscribersHereAfterWhatCameBeforeTheGap() throws Exception {
        hub(HubOptions.builder().threads(2)); // limit: max(16 MiB, 16 x 1 MiB) = 16 MiB
        FanOutBlocker blocker = new FanOutBlocker();
        hub.observe(blocker);
        HubPeer a = connected();
        HubPeer b = connected();
        HubPeer calm = connected();
        String epoch = a.subscribe("big").path("epoch").asText();
        b.subscribe("big");
        calm.subscribe("calm");

        blocker.arm();
        hub.publish("big", "1").join(); // offset 1: its fan-out blocks in the first delivery's callback
        assertThat(blocker.entered.await(10, TimeUnit.SECONDS)).as("fan-out of big held").isTrue();
        for (int i = 0; i < 15; i++) {
            hub.publish("big", MIB_OF_DATA).join(); // offsets 2 to 16: 15 MiB and a little queued
        }
        assertThat(hub.stats().fanOutOverflows()).isZero();
        hub.publish("big", MIB_OF_DATA).join(); // offset 17: past 16 MiB, not queued
        hub.publish("big", "18").join(); // after the gap: not queued either
        hub.publish("big", "19").join();
        assertThat(hub.stats().fanOutOverflows()).isEqualTo(1);

        hub.publish("calm", "\"still served\"").join(); // another channel is fanned out while big is held
        assertThat(calm.publication("calm").path("data").asText()).isEqualTo("still served");

        blocker.release.countDown();
        for (HubPeer p : List.of(a, b)) {
            for (long offset = 1; offset <= 16; offset++) {
                assertThat(p.publication("big").path("offset").asLong()).isEqualTo(offset);
            }
            assertThat(p.connection.assertClosed(CloseCode.SLOW_CONSUMER))
                    .isEqualTo("too slow for channel big; reconnect and recover");
            p.connection.assertExhausted(); // nothing after the gap, before or after the close
        }
        assertThat(hub.stats().slowConsumerCloses()).isEqualTo(2);

        HubPeer back = connected();
        assertThat(recover(back, "big", new StreamPosition(epoch, 16), 19)).containsExactly(17L, 18L, 19L);
        hub.publish("big", "20").join();
        assertThat(back.publication("big").path("offset").asLong()).isEqualTo(20);
        hub.publish("calm", "\"again\"").join();
        assertThat(calm.publication("calm").path("data").asText()).isEqualTo("again");
    }

    /**
     * A client resubscribes with since while its history read is held back by the broker; live publications pile up
     * in its pending buffer past 64 KiB: it is closed with 4000 without a subscribe reply (nothing after its since
     * reaches it), the live subscriber of the same channel gets everything, and a resubscribe with the same since
     * recovers exactly every missed publication, then live ones.
     */
    @Test
    void aPendingSubscribersBufferPastItsLimitClosesItAndItRecoversByOffset() {
        hub(HubOptions.builder().slowSubscriberBytes(64 * 1024)); // pending buffer limit: 64 KiB
        HubPeer first = connected();
        HubPeer live = connected();
        StreamPosition since = position(first.subscribe("room"));
        live.subscribe("room");
        first.connection.drop();
        String data = "\"" + "y".repeat(2048) + "\"";
        for (int i = 0; i < 3; i++) {
            hub.publish("room", data).join(); // offsets 1 to 3: missed while away
        }

        HubPeer pending = connected();
        broker.holdNextHistory();
        pending.subscribeId("room", since);
        for (int i = 0; i < 40; i++) {
            hub.publish("room", data).join(); // offsets 4 to 43, about 86 KiB: buffered while history is held
        }
        for (long offset = 1; offset <= 43; offset++) {
            assertThat(live.publication("room").path("offset").asLong()).isEqualTo(offset);
        }
        assertThat(pending.connection.assertClosed(CloseCode.SLOW_CONSUMER))
                .isEqualTo("too slow for channel room; reconnect and recover");
        pending.connection.assertExhausted(); // no reply, no publication
        assertThat(hub.stats().slowConsumerCloses()).isEqualTo(1);
        broker.release(); // the late history answer finds the subscription closed and sends nothing

        HubPeer back = connected();
        assertThat(recover(back, "room", since, 43)).containsExactlyElementsOf(range(1, 43));
        hub.publish("room", "44").join();
        assertThat(back.publication("room").path("offset").asLong()).isEqualTo(44);
        assertThat(live.publication("room").path("offset").asLong()).isEqualTo(44);
        pending.connection.assertExhausted();
        assertThat(hub.stats().slowConsumerCloses()).isEqualTo(1);
    }

    /**
     * A WebSocket's close is asynchronous (the closing handshake): a pending subscriber closed for its buffer must
     * not be turned live by a history answer that comes before the close event, which would put the closed client in
     * presence and send a join (then a leave) to the channel's other subscribers.
     */
    @Test
    void aPendingSubscriberClosedForItsBufferIsNotTurnedLiveBeforeItsCloseEvent() {
        hub(HubOptions.builder().slowSubscriberBytes(64 * 1024));
        HubPeer watcher = connected();
        watcher.subscribe("live:room");
        HubPeer pending = connected();
        pending.connection.deferCloseEvent();
        broker.holdNextHistory();
        pending.subscribeId("live:room", null);
        String data = "\"" + "y".repeat(2048) + "\"";
        for (int i = 0; i < 40; i++) {
            hub.publish("live:room", data).join(); // about 86 KiB buffered for the pending subscriber
        }
        for (long offset = 1; offset <= 40; offset++) {
            assertThat(watcher.publication("live:room").path("offset").asLong()).isEqualTo(offset);
        }
        assertThat(pending.connection.assertClosed(CloseCode.SLOW_CONSUMER))
                .isEqualTo("too slow for channel live:room; reconnect and recover");
        assertThat(hub.stats().slowConsumerCloses()).isEqualTo(1);

        broker.release(); // history answers while the connection is still closing
        hub.publish("live:room", "41").join();
        assertThat(watcher.publication("live:room").path("offset").asLong())
                .as("no join of the closed client before it").isEqualTo(41);
        assertThat(hub.presence("live:room").join()).extracting(ClientInfo::clientId)
                .containsExactly(watcher.connection.id());

        pending.connection.completeClose();
        hub.publish("live:room", "42").join();
        assertThat(watcher.publication("live:room").path("offset").asLong()).as("no leave before it").isEqualTo(42);
        assertThat(hub.stats().slowConsumerCloses()).isEqualTo(1);
    }

    /**
     * Subscribes with since and returns the offsets recovered: those in the reply, then, for a paged recovery
     * ("more": true), the publication pushes that follow it up to {@code top}, the channel's latest offset.
     */
    private static List<Long> recover(HubPeer peer, String channel, StreamPosition since, long top) {
        JsonNode result = peer.subscribe(channel, since);
        assertThat(result.path("recovered").asBoolean()).isTrue();
        List<Long> offsets = new ArrayList<>();
        result.path("publications").forEach(p -> offsets.add(p.path("offset").asLong()));
        if (result.path("more").asBoolean()) {
            while (offsets.isEmpty() || offsets.get(offsets.size() - 1) < top) {
                offsets.add(peer.publication(channel).path("offset").asLong());
            }
        }
        return offsets;
    }

    private static StreamPosition position(JsonNode result) {
        return new StreamPosition(result.path("epoch").asText(), result.path("offset").asLong());
    }

    private static List<Long> range(long fromInclusive, long toInclusive) {
        List<Long> out = new ArrayList<>();
        for (long i = fromInclusive; i <= toInclusive; i++) {
            out.add(i);
        }
        return out;
    }

    /** Blocks the first timed delivery after {@link #arm()} on the pool thread running the fan-out, until released. */
    private static final class FanOutBlocker implements HubObserver {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final AtomicBoolean armed = new AtomicBoolean();

        void arm() {
            armed.set(true);
        }

        @Override
        public void delivered(long nanos) {
            if (armed.compareAndSet(true, false)) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Passes every call to the memory broker, but holds the next history read back until {@link #release()}. */
    private static final class HeldHistoryBroker extends ForwardingBroker {
        private final AtomicReference<CompletableFuture<Void>> hold = new AtomicReference<>();
        private final List<CompletableFuture<Void>> held = new ArrayList<>();

        HeldHistoryBroker(Broker delegate) {
            super(delegate);
        }

        synchronized void holdNextHistory() {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            held.add(gate);
            hold.set(gate);
        }

        synchronized void release() {
            held.forEach(g -> g.complete(null));
        }

        @Override
        public CompletableFuture<HistoryResult> history(String channel, HistoryQuery query) {
            CompletableFuture<Void> gate = hold.getAndSet(null);
            return gate == null ? super.history(channel, query)
                    : gate.thenCompose(v -> super.history(channel, query));
        }
    }
}
