package dev.pushwire.core.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Long polling's adaptive linger on a manual clock: a client that polls again {@code turnaround} ms after each
 * answer, fed at a given rate, and what it sees: how many messages each answer carries and how long each message
 * waited in the session (from {@code send} to the answer that carried it).
 */
class LongPollLingerTest {
    private final ManualScheduler scheduler = new ManualScheduler();

    @Test
    void tenMessagesASecondGoOneByOneWithoutWaitingEvenWhenTheirGapsJitter() throws Exception {
        // gaps of 30 and 170 ms (10 a second on average): within the 50 ms budget only a third of the time, and
        // a wait of up to 50 ms would almost never gather a second message
        List<Long> sends = new ArrayList<>();
        for (long t = 0; sends.size() < 40; t += sends.size() % 2 == 0 ? 170 : 30) {
            sends.add(t);
        }
        Feed feed = run(Duration.ofMillis(50), sends, 2);
        assertThat(feed.delivered()).isEqualTo(40);
        assertThat(feed.answerSizes).allMatch(n -> n == 1);
        assertThat(feed.waits).allMatch(w -> w == 0);
    }

    @Test
    void aHundredASecondGoInAnswersOfFourTheFirstWaitingThreeGaps() throws Exception {
        Feed feed = run(Duration.ofMillis(50), steady(10, 1000), 2);
        assertThat(feed.delivered()).isEqualTo(1000);
        assertThat(feed.requestsPerMessage()).isLessThanOrEqualTo(0.3);
        // the first messages teach the linger the rate; from then on every answer carries four
        assertThat(feed.answerSizes.subList(5, feed.answerSizes.size() - 1)).allMatch(n -> n == 4);
        List<Long> firstWaits = feed.firstWaits();
        assertThat(firstWaits.subList(0, firstWaits.size() - 1)).as("three gaps, not the 50 ms budget")
                .allMatch(w -> w <= 30);
        // the feed's last answer: the fourth never comes, so its first waits out 3.5 gaps
        assertThat(firstWaits.get(firstWaits.size() - 1)).isEqualTo(35);
    }

    @Test
    void aBusyFeedTooSlowToFillAnAnswerWaitsNoLongerThanTheBudget() throws Exception {
        // 50 a second: four messages would take 60 ms, over the 50 ms budget
        Feed feed = run(Duration.ofMillis(50), steady(20, 500), 2);
        assertThat(feed.delivered()).isEqualTo(500);
        assertThat(feed.worstWait()).isLessThanOrEqualTo(50);
        assertThat(feed.requestsPerMessage()).as("three to an answer").isLessThanOrEqualTo(0.35);
    }

    @Test
    void aPollThatFindsAFullBatchWaitingIsAnsweredAtOnce() throws Exception {
        // a slow client: 45 ms between an answer and its next poll, time for four or five messages to queue
        Feed feed = run(Duration.ofMillis(50), steady(10, 1000), 45);
        assertThat(feed.delivered()).isEqualTo(1000);
        assertThat(feed.answeredOnArrival).as("polls answered on arrival, of %s", feed.polls)
                .isGreaterThanOrEqualTo(feed.polls * 9 / 10);
    }

    @Test
    void aZeroBudgetNeverWaits() throws Exception {
        Feed feed = run(Duration.ZERO, steady(10, 200), 2);
        assertThat(feed.delivered()).isEqualTo(200);
        assertThat(feed.waits).allMatch(w -> w == 0);
    }

    private static List<Long> steady(long gapMillis, int count) {
        List<Long> sends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sends.add(i * gapMillis);
        }
        return sends;
    }

    /** Feeds a long-polling session messages at {@code sends} (ms); the client polls again {@code turnaround} ms after each answer. */
    private Feed run(Duration budget, List<Long> sends, long turnaround) throws Exception {
        SessionSettings settings = SessionSettings.builder().linger(budget).maxBatchBytes(65536)
                .maxQueuedBytes(1 << 20).build();
        Session session = new Session("c1", "sid1", "longpolling", settings, scheduler, new TestRequest(), s -> { });
        session.open();
        Feed feed = new Feed();
        TimedPoll poll = null;
        long pollAt = 0;
        int next = 0;
        long end = sends.get(sends.size() - 1) + 1000;
        for (long t = 0; t <= end; t++) {
            while (next < sends.size() && sends.get(next) == t) {
                session.send("m" + next++);
            }
            if (poll == null && t >= pollAt) {
                poll = new TimedPoll();
                session.attach(poll);
                feed.polls++;
                if (poll.answeredAt == t && !poll.batch.isEmpty()) {
                    feed.answeredOnArrival++;
                }
            }
            scheduler.runDue();
            if (poll != null && poll.batch != null) {
                if (!poll.batch.isEmpty()) {
                    feed.answerSizes.add(poll.batch.size());
                    for (SequencedMessage m : poll.batch) {
                        assertThat(m.message().text()).isEqualTo("m" + feed.waits.size());
                        feed.waits.add(poll.answeredAt - sends.get((int) m.seq() - 1));
                    }
                    session.acknowledge(poll.batch.get(poll.batch.size() - 1).seq());
                }
                poll = null;
                pollAt = t + turnaround;
            }
            scheduler.advance(1);
        }
        return feed;
    }

    private final class TimedPoll implements Receiver {
        List<SequencedMessage> batch;
        long answeredAt = -1;

        @Override
        public Mode mode() {
            return Mode.HOLD;
        }

        @Override
        public void deliver(List<SequencedMessage> messages, SessionClose close) {
            batch = List.copyOf(messages);
            answeredAt = scheduler.nowMillis();
        }

        @Override
        public void abort() {
        }
    }

    private static final class Feed {
        final List<Integer> answerSizes = new ArrayList<>();
        final List<Long> waits = new ArrayList<>();
        int polls;
        int answeredOnArrival;

        int delivered() {
            return waits.size();
        }

        double requestsPerMessage() {
            return (double) answerSizes.size() / waits.size();
        }

        /** How long each answer's first message waited. */
        List<Long> firstWaits() {
            List<Long> first = new ArrayList<>();
            int i = 0;
            for (int n : answerSizes) {
                first.add(waits.get(i));
                i += n;
            }
            return first;
        }

        long worstWait() {
            return waits.stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }
}
