package dev.pushwire.core.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pushwire.core.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Subscribing with {@code since}: exactly the missed publications, or {@code unrecoverable}. */
class HubRecoveryTest {
    private final MutableClock clock = new MutableClock();
    private final List<HubPeer> peers = new ArrayList<>();
    private final HubOptions options = HubOptions.builder()
            .clock(clock)
            .defaultChannelOptions(ChannelOptions.builder().allowAnonymous(true).historySize(1000).joinLeave(false)
                    .build())
            .namespace("short:*", ChannelOptions.builder().allowAnonymous(true).historySize(5).build())
            // deeper than any concurrent test publishes, so a late subscribe is still recoverable
            .namespace("deep:*", ChannelOptions.builder().allowAnonymous(true).historySize(10_000).joinLeave(false)
                    .build())
            .namespace("brief:*", ChannelOptions.builder().allowAnonymous(true).historyTtl(Duration.ofSeconds(10))
                    .build())
            .build();
    private Hub hub = Hub.create(options);

    private HubPeer connectedPeer() {
        HubPeer p = new HubPeer(hub);
        peers.add(p);
        p.connect();
        return p;
    }

    @AfterEach
    void everythingWasChecked() {
        for (HubPeer p : peers) {
            p.connection.assertExhausted();
        }
        hub.close();
    }

    private void publish(String channel, int count) {
        for (int i = 0; i < count; i++) {
            hub.publish(channel, "{\"n\":" + i + "}").join();
        }
    }

    private static List<Long> offsets(JsonNode publications) {
        List<Long> out = new ArrayList<>();
        publications.forEach(p -> out.add(p.path("offset").asLong()));
        return out;
    }

    private static List<Long> range(long fromInclusive, long toInclusive) {
        List<Long> out = new ArrayList<>();
        for (long i = fromInclusive; i <= toInclusive; i++) {
            out.add(i);
        }
        return out;
    }

    private static StreamPosition position(JsonNode result) {
        return new StreamPosition(result.path("epoch").asText(), result.path("offset").asLong());
    }

    @Test
    void resubscribingWithSinceGetsExactlyTheMissedPublicationsThenLiveOnes() {
        HubPeer first = connectedPeer();
        StreamPosition start = position(first.subscribe("news"));
        publish("news", 3);
        for (int i = 1; i <= 3; i++) {
            assertThat(first.publication("news").path("offset").asLong()).isEqualTo(i);
        }
        first.connection.drop();
        publish("news", 5);

        HubPeer again = connectedPeer();
        JsonNode result = again.subscribe("news", new StreamPosition(start.epoch(), 3));
        assertThat(result.path("recovered").asBoolean()).isTrue();
        assertThat(offsets(result.path("publications"))).containsExactly(4L, 5L, 6L, 7L, 8L);
        assertThat(result.path("offset").asLong()).isEqualTo(8);
        publish("news", 1);
        assertThat(again.publication("news").path("offset").asLong()).isEqualTo(9);
    }

    /**
     * A recovery larger than a page (a quarter of slowSubscriberBytes, 256 KiB by default) is not one reply: the reply
     * carries the first page with "more": true and the rest follows as publication pushes, in order, then live ones.
     */
    @Test
    void aLargeRecoveryIsPagedAndTheRestFollowsAsPushesInOrder() {
        HubPeer first = connectedPeer();
        StreamPosition start = position(first.subscribe("deep:big"));
        first.connection.drop();
        String data = "{\"text\":\"" + "x".repeat(1000) + "\"}";
        for (int i = 0; i < 2000; i++) {
            hub.publish("deep:big", data).join(); // 2 MB of history
        }
        HubPeer again = connectedPeer();
        JsonNode result = again.subscribe("deep:big", start);
        assertThat(result.path("more").asBoolean()).isTrue();
        assertThat(result.toString().length()).as("reply bytes").isLessThanOrEqualTo(256 * 1024 + 2048);
        List<Long> pages = offsets(result.path("publications"));
        assertThat(pages).isNotEmpty().isEqualTo(range(1, pages.size()));
        assertThat(result.path("offset").asLong()).isEqualTo(pages.size());
        publish("deep:big", 1); // live, while the rest is being sent: comes after it
        for (long offset = pages.size() + 1; offset <= 2001; offset++) {
            assertThat(again.publication("deep:big").path("offset").asLong()).isEqualTo(offset);
        }
    }

    @Test
    void recoveryWorksAgainAndAgainAfterEveryCut() {
        HubPeer peer = connectedPeer();
        StreamPosition last = position(peer.subscribe("feed"));
        for (int round = 0; round < 3; round++) {
            peer.connection.drop();
            publish("feed", 100);
            peer = connectedPeer();
            JsonNode result = peer.subscribe("feed", last);
            assertThat(offsets(result.path("publications")))
                    .as("round %d", round).containsExactlyElementsOf(range(last.offset() + 1, last.offset() + 100));
            last = position(result);
        }
        assertThat(last.offset()).isEqualTo(300);
    }

    @Test
    void sinceAtTheLatestOffsetRecoversNothingAndStaysLive() {
        HubPeer peer = connectedPeer();
        publish("quiet", 2);
        StreamPosition top = position(peer.subscribe("quiet"));
        assertThat(top.offset()).isEqualTo(2);
        peer.connection.drop();
        HubPeer again = connectedPeer();
        JsonNode result = again.subscribe("quiet", top);
        assertThat(result.path("publications")).isEmpty();
        assertThat(result.path("recovered").asBoolean()).isTrue();
    }

    @Test
    void anOffsetThatFellOutOfHistoryIsUnrecoverable() {
        HubPeer peer = connectedPeer();
        String epoch = position(peer.subscribe("short:x")).epoch();
        peer.connection.drop();
        publish("short:x", 10);
        HubPeer again = connectedPeer();
        String message = again.error(again.subscribeId("short:x", new StreamPosition(epoch, 2)), "unrecoverable");
        assertThat(message).isEqualTo("publications after offset 2 are no longer in history; "
                + "subscribe without since and reload");
        // the refused subscribe left no subscription behind
        assertThat(again.subscribe("short:x").path("offset").asLong()).isEqualTo(10);
    }

    @Test
    void publicationsOlderThanTheHistoryAgeAreUnrecoverable() {
        HubPeer peer = connectedPeer();
        String epoch = position(peer.subscribe("brief:x")).epoch();
        peer.connection.drop();
        publish("brief:x", 3);
        clock.advance(Duration.ofSeconds(11));
        HubPeer again = connectedPeer();
        again.error(again.subscribeId("brief:x", new StreamPosition(epoch, 1)), "unrecoverable");
    }

    @Test
    void aNewEpochAfterARestartIsUnrecoverable() {
        HubPeer peer = connectedPeer();
        StreamPosition before = position(peer.subscribe("news"));
        publish("news", 2);
        peer.publication("news");
        peer.publication("news");
        hub.close();
        hub = Hub.create(options); // a restart: the in-memory history is gone

        HubPeer again = connectedPeer();
        String message = again.error(again.subscribeId("news", new StreamPosition(before.epoch(), 2)),
                "unrecoverable");
        assertThat(message).contains("history was reset");
        StreamPosition after = position(again.subscribe("news"));
        assertThat(after.epoch()).isNotEqualTo(before.epoch());
        assertThat(after.offset()).isZero();
    }

    @Test
    void anOffsetPastTheLatestIsUnrecoverable() {
        HubPeer peer = connectedPeer();
        StreamPosition top = position(peer.subscribe("news"));
        HubPeer other = connectedPeer();
        other.error(other.subscribeId("news", new StreamPosition(top.epoch(), 7)), "unrecoverable");
    }

    @Test
    void recoveringWhilePublishersRunHasNoGapAndNoDuplicate() throws Exception {
        int total = 3000;
        HubPeer first = connectedPeer();
        String epoch = position(first.subscribe("deep:busy")).epoch();
        first.connection.drop();
        CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> publish("deep:busy", total));
        List<HubPeer> recovering = new ArrayList<>();
        List<Long> sinces = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long since = hub.history("deep:busy", null, 0).join().top().offset();
            HubPeer p = connectedPeer();
            recovering.add(p);
            sinces.add(since);
            p.send("subscribe", c -> {
                c.put("channel", "deep:busy");
                c.putObject("since").put("epoch", epoch).put("offset", since);
            });
        }
        publisher.get(30, TimeUnit.SECONDS);
        for (int i = 0; i < recovering.size(); i++) {
            HubPeer p = recovering.get(i);
            JsonNode reply = p.next();
            assertThat(reply.has("error")).as("peer %d reply %s", i, reply).isFalse();
            List<Long> seen = new ArrayList<>(offsets(reply.path("result").path("publications")));
            while (seen.isEmpty() || seen.get(seen.size() - 1) < total) {
                seen.add(p.publication("deep:busy").path("offset").asLong());
            }
            assertThat(seen).as("peer %d recovering after %d", i, sinces.get(i))
                    .containsExactlyElementsOf(range(sinces.get(i) + 1, total));
        }
    }

    @Test
    void aPlainSubscribeWhilePublishersRunContinuesFromItsReplyWithoutGaps() throws Exception {
        int total = 2000;
        CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> publish("stream", total));
        HubPeer p = connectedPeer();
        JsonNode reply = p.subscribe("stream");
        publisher.get(30, TimeUnit.SECONDS);
        long from = reply.path("offset").asLong() - reply.path("publications").size();
        List<Long> seen = new ArrayList<>(offsets(reply.path("publications")));
        while (reply.path("offset").asLong() < total && (seen.isEmpty() || seen.get(seen.size() - 1) < total)) {
            seen.add(p.publication("stream").path("offset").asLong());
        }
        assertThat(seen).containsExactlyElementsOf(range(from + 1, total));
    }
}
