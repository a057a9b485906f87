package dev.pushwire.core.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Broker} contract: every implementation extends this class and passes it (the in-memory one in
 * {@code MemoryBrokerContractTest}; a Redis one in its module, through core's test jar).
 *
 * <p>Each test uses fresh channel names, so an implementation backed by a shared server needs no cleanup between
 * tests. History age is tested by moving {@link #clock}; an implementation whose storage keeps its own time
 * overrides {@link #elapse} (for example to wait for real).
 */
public abstract class BrokerContractTest {
    protected final MutableClock clock = new MutableClock();
    protected Broker broker;
    protected final List<Object> events = new CopyOnWriteArrayList<>();
    private final String prefix = "contract-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    /** A new broker, not yet started, that reads time from {@code clock}. */
    protected abstract Broker newBroker(Clock clock);

    /** Lets {@code d} pass for history ages. */
    protected void elapse(Duration d) {
        clock.advance(d);
    }

    record Joined(String channel, ClientInfo client) {
    }

    record Left(String channel, ClientInfo client) {
    }

    @BeforeEach
    void startBroker() {
        broker = newBroker(clock);
        broker.start(new Broker.EventHandler() {
            @Override
            public void onPublication(Publication publication) {
                events.add(publication);
            }

            @Override
            public void onJoin(String channel, ClientInfo client) {
                events.add(new Joined(channel, client));
            }

            @Override
            public void onLeave(String channel, ClientInfo client) {
                events.add(new Left(channel, client));
            }
        });
    }

    @AfterEach
    void closeBroker() {
        broker.close();
    }

    protected String channel(String name) {
        return prefix + name;
    }

    private static Broker.PublishOptions keep(int size) {
        return new Broker.PublishOptions(size, Duration.ofMinutes(5), null);
    }

    private StreamPosition publish(String channel, String data, Broker.PublishOptions options) {
        return broker.publish(channel, data, options).orTimeout(5, TimeUnit.SECONDS).join();
    }

    private Broker.HistoryResult history(String channel, StreamPosition since, int limit) {
        return broker.history(channel, new Broker.HistoryQuery(since, limit)).orTimeout(5, TimeUnit.SECONDS).join();
    }

    private List<Publication> publicationsOf(String channel) {
        List<Publication> out = new ArrayList<>();
        for (Object e : events) {
            if (e instanceof Publication p && p.channel().equals(channel)) {
                out.add(p);
            }
        }
        return out;
    }

    private static List<Long> offsets(List<Publication> pubs) {
        return pubs.stream().map(Publication::offset).toList();
    }

    @Test
    void publishAssignsConsecutiveOffsetsFromOneInOneEpoch() {
        String ch = channel("offsets");
        StreamPosition first = publish(ch, "1", keep(10));
        StreamPosition second = publish(ch, "2", keep(10));
        StreamPosition third = publish(ch, "3", keep(10));
        assertThat(List.of(first.offset(), second.offset(), third.offset())).containsExactly(1L, 2L, 3L);
        assertThat(second.epoch()).isEqualTo(first.epoch()).isNotEmpty();
        assertThat(third.epoch()).isEqualTo(first.epoch());
    }

    @Test
    void channelsCountOffsetsIndependently() {
        publish(channel("a"), "1", keep(10));
        publish(channel("a"), "2", keep(10));
        assertThat(publish(channel("b"), "1", keep(10)).offset()).isEqualTo(1);
    }

    @Test
    void anEmptyChannelHasAnEpochThatItsFirstPublicationKeeps() {
        String ch = channel("empty");
        Broker.HistoryResult before = history(ch, null, 0);
        assertThat(before.top().offset()).isZero();
        assertThat(before.publications()).isEmpty();
        assertThat(publish(ch, "1", keep(10)).epoch()).isEqualTo(before.top().epoch());
    }

    @Test
    void historyReturnsPublicationsOldestFirstWithTheTopPosition() {
        String ch = channel("history");
        for (int i = 1; i <= 5; i++) {
            publish(ch, "{\"n\":" + i + "}", keep(10));
        }
        Broker.HistoryResult all = history(ch, null, -1);
        assertThat(offsets(all.publications())).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(all.publications().get(2).data()).isEqualTo("{\"n\":3}");
        assertThat(all.publications().get(2).channel()).isEqualTo(ch);
        assertThat(all.top().offset()).isEqualTo(5);
        assertThat(all.publications()).allSatisfy(p -> assertThat(p.epoch()).isEqualTo(all.top().epoch()));
    }

    @Test
    void historySinceAnOffsetReturnsOnlyLaterPublicationsUpToTheLimit() {
        String ch = channel("since");
        for (int i = 1; i <= 8; i++) {
            publish(ch, String.valueOf(i), keep(10));
        }
        StreamPosition top = history(ch, null, 0).top();
        StreamPosition at3 = new StreamPosition(top.epoch(), 3);
        assertThat(offsets(history(ch, at3, -1).publications())).containsExactly(4L, 5L, 6L, 7L, 8L);
        assertThat(offsets(history(ch, at3, 2).publications())).containsExactly(4L, 5L);
        assertThat(history(ch, at3, 0).publications()).isEmpty();
        assertThat(history(ch, top, -1).publications()).isEmpty();
    }

    @Test
    void historyKeepsOnlyTheNewestPublicationsButOffsetsKeepCounting() {
        String ch = channel("size");
        for (int i = 1; i <= 7; i++) {
            publish(ch, String.valueOf(i), keep(3));
        }
        Broker.HistoryResult result = history(ch, null, -1);
        assertThat(offsets(result.publications())).containsExactly(5L, 6L, 7L);
        assertThat(result.top().offset()).isEqualTo(7);
    }

    @Test
    void historyForgetsPublicationsOlderThanTheirTtl() {
        String ch = channel("ttl");
        Broker.PublishOptions shortLived = new Broker.PublishOptions(10, Duration.ofSeconds(2), null);
        publish(ch, "\"old\"", shortLived);
        elapse(Duration.ofSeconds(1));
        publish(ch, "\"newer\"", shortLived);
        elapse(Duration.ofMillis(1500));
        Broker.HistoryResult result = history(ch, null, -1);
        assertThat(result.publications()).extracting(Publication::data).containsExactly("\"newer\"");
        assertThat(result.top().offset()).isEqualTo(2);
    }

    @Test
    void historySizeZeroKeepsNothingButStillAssignsOffsets() {
        String ch = channel("nohistory");
        publish(ch, "1", keep(0));
        assertThat(publish(ch, "2", keep(0)).offset()).isEqualTo(2);
        Broker.HistoryResult result = history(ch, null, -1);
        assertThat(result.publications()).isEmpty();
        assertThat(result.top().offset()).isEqualTo(2);
    }

    @Test
    void publicationsReachTheNodeOnlyForChannelsItSubscribedTo() {
        String wanted = channel("wanted");
        String other = channel("other");
        broker.subscribe(wanted).join();
        publish(other, "\"not for us\"", keep(10));
        publish(wanted, "\"for us\"", keep(10));
        await().atMost(Duration.ofSeconds(5)).until(() -> publicationsOf(wanted).size() == 1);
        assertThat(publicationsOf(wanted).get(0).data()).isEqualTo("\"for us\"");
        assertThat(publicationsOf(other)).isEmpty();

        broker.unsubscribe(wanted).join();
        publish(wanted, "\"after unsubscribe\"", keep(10));
        broker.subscribe(other).join();
        publish(other, "\"marker\"", keep(10));
        await().atMost(Duration.ofSeconds(5)).until(() -> publicationsOf(other).size() == 1);
        assertThat(publicationsOf(wanted)).hasSize(1);
    }

    @Test
    void deliveredPublicationMatchesWhatPublishReturned() {
        String ch = channel("delivered");
        broker.subscribe(ch).join();
        ClientInfo alice = new ClientInfo("c1", "alice", "{\"name\":\"Alice\"}");
        StreamPosition pos = publish(ch, "{\"text\":\"hi\"}", new Broker.PublishOptions(10, Duration.ofMinutes(1),
                alice));
        await().atMost(Duration.ofSeconds(5)).until(() -> publicationsOf(ch).size() == 1);
        Publication p = publicationsOf(ch).get(0);
        assertThat(p.position()).isEqualTo(pos);
        assertThat(p.data()).isEqualTo("{\"text\":\"hi\"}");
        assertThat(p.info()).isEqualTo(alice);
        assertThat(history(ch, null, -1).publications().get(0).info()).isEqualTo(alice);
    }

    @Test
    void concurrentPublishersGetDistinctOffsetsAndTheNodeSeesThemInOrder() throws Exception {
        String ch = channel("concurrent");
        broker.subscribe(ch).join();
        int publishers = 4;
        int each = 250;
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int t = 0; t < publishers; t++) {
                int publisher = t;
                done.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < each; i++) {
                        publish(ch, "\"" + publisher + "-" + i + "\"", keep(2000));
                    }
                }, pool));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        int total = publishers * each;
        await().atMost(Duration.ofSeconds(10)).until(() -> publicationsOf(ch).size() == total);
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= total; i++) {
            expected.add(i);
        }
        assertThat(offsets(publicationsOf(ch))).containsExactlyElementsOf(expected);
        assertThat(offsets(history(ch, null, -1).publications())).containsExactlyElementsOf(expected);
        // each publisher's own publications keep their order
        for (int t = 0; t < publishers; t++) {
            String mine = "\"" + t + "-";
            List<String> seen = publicationsOf(ch).stream().map(Publication::data)
                    .filter(d -> d.startsWith(mine)).toList();
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < each; i++) {
                sent.add(mine + i + "\"");
            }
            assertThat(seen).containsExactlyElementsOf(sent);
        }
    }

    @Test
    void joinAndLeaveReachSubscribedNodes() {
        String ch = channel("presence");
        broker.subscribe(ch).join();
        ClientInfo bob = new ClientInfo("c2", "bob", null);
        broker.publishJoin(ch, bob).join();
        broker.publishLeave(ch, bob).join();
        broker.publishJoin(channel("elsewhere"), bob).join();
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 2);
        assertThat(events).containsExactly(new Joined(ch, bob), new Left(ch, bob));
    }

    @Test
    void removingHistoryStartsANewEpochFromOffsetOne() {
        String ch = channel("removed");
        StreamPosition before = publish(ch, "1", keep(10));
        publish(ch, "2", keep(10));
        broker.removeHistory(ch).join();
        Broker.HistoryResult after = history(ch, null, -1);
        assertThat(after.publications()).isEmpty();
        assertThat(after.top().offset()).isZero();
        assertThat(after.top().epoch()).isNotEqualTo(before.epoch());
        StreamPosition next = publish(ch, "3", keep(10));
        assertThat(next).isEqualTo(new StreamPosition(after.top().epoch(), 1));
    }

    @Test
    void aRetriedPublishWithTheSameIdempotencyKeyIsStoredOnceAndAnswersTheFirstPosition() {
        String ch = channel("idempotent");
        broker.subscribe(ch).join();
        StreamPosition first = publish(ch, "\"a\"", keep(10).withIdempotencyKey("order-1"));
        StreamPosition retry = publish(ch, "\"a\"", keep(10).withIdempotencyKey("order-1"));
        StreamPosition other = publish(ch, "\"b\"", keep(10).withIdempotencyKey("order-2"));
        StreamPosition plain = publish(ch, "\"c\"", keep(10));
        assertThat(retry).isEqualTo(first);
        assertThat(List.of(first.offset(), other.offset(), plain.offset())).containsExactly(1L, 2L, 3L);
        assertThat(offsets(history(ch, null, -1).publications())).containsExactly(1L, 2L, 3L);
        await().atMost(Duration.ofSeconds(5)).until(() -> publicationsOf(ch).size() == 3);
        assertThat(publicationsOf(ch)).extracting(Publication::data).containsExactly("\"a\"", "\"b\"", "\"c\"");
        // a key names a publish in its channel only
        assertThat(publish(channel("idempotent-other"), "\"a\"", keep(10).withIdempotencyKey("order-1")).offset())
                .isEqualTo(1);
    }

    @Test
    void concurrentRetriesWithOneIdempotencyKeyPublishOnce() throws Exception {
        String ch = channel("idempotent-race");
        List<CompletableFuture<StreamPosition>> tries = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 8; i++) {
                tries.add(CompletableFuture.supplyAsync(
                        () -> publish(ch, "\"once\"", keep(10).withIdempotencyKey("k")), pool));
            }
            CompletableFuture.allOf(tries.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(tries.stream().map(CompletableFuture::join).distinct().toList()).hasSize(1);
        assertThat(history(ch, null, -1).publications()).hasSize(1);
    }
}
