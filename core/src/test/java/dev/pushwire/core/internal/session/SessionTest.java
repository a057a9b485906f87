package dev.pushwire.core.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.Message;
import dev.pushwire.core.ReadyState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<CloseEvent> closes = new ArrayList<>();
    private final List<String> received = new ArrayList<>();
    private final List<Session> ended = new ArrayList<>();
    private SessionSettings settings = SessionSettings.builder()
            .hold(Duration.ofSeconds(25)).linger(Duration.ofMillis(5)).heartbeat(Duration.ofSeconds(15))
            .sessionTimeout(Duration.ofSeconds(30)).closeTimeout(Duration.ofSeconds(5))
            .maxBatchBytes(100).maxQueuedBytes(1000).maxMessageBytes(50).build();
    private Session session = newSession();

    private Session newSession() {
        Session s = new Session("c1", "sid1", "longpolling", settings, scheduler, new TestRequest(), ended::add);
        s.onClose(closes::add);
        s.onMessage(m -> received.add(m.text()));
        s.open();
        return s;
    }

    @Test
    void answersALongPollAtOnceWhenMessagesWait() {
        session.send("a");
        session.send("b");
        RecordingReceiver poll = new RecordingReceiver(Receiver.Mode.HOLD);
        session.attach(poll);
        assertThat(poll.texts()).containsExactly("a", "b");
        assertThat(poll.seqs()).containsExactly(1L, 2L);
    }

    @Test
    void aQuietSessionAnswersItsHeldPollAtOnce() throws Exception {
        RecordingReceiver poll = new RecordingReceiver(Receiver.Mode.HOLD);
        session.attach(poll);
        scheduler.advance(1000);
        assertThat(poll.batches).isEmpty();
        session.send("a");
        scheduler.runDue(); // no time passes: no linger for a first message
        assertThat(poll.texts()).containsExactly("a");
        // a message long after the last one: still no linger
        session.acknowledge(1);
        RecordingReceiver next = new RecordingReceiver(Receiver.Mode.HOLD);
        session.attach(next);
        scheduler.advance(2000);
        session.send("b");
        scheduler.runDue();
        assertThat(next.texts()).containsExactly("b");
    }

    @Test
    void aSteadyFeedLingersSoThatEachAnswerCarriesSeveralWithinTheBudget() throws Exception {
        settings = settings.toBuilder().linger(Duration.ofMillis(50)).maxBatchBytes(65536).maxQueuedBytes(1 << 20)
                .build();
        session = newSession();
        List<String> got = new ArrayList<>();
        long worstWait = 0;
        int polls = 0;
        long pollAt = 0;
        RecordingReceiver poll = null;
        // 100 messages a second for 10 s; each answer's client polls again 2 ms after it
        for (long t = 0; t < 10_200; t++) {
            if (t % 10 == 0 && t < 10_000) {
                session.send("m" + t / 10);
            }
            if (poll != null && !poll.batches.isEmpty()) {
                for (SequencedMessage m : poll.batches.get(0)) {
                    got.add(m.message().text());
                    worstWait = Math.max(worstWait, t - (m.seq() - 1) * 10);
                    session.acknowledge(m.seq());
                }
                poll = null;
                pollAt = t + 2;
            }
            if (poll == null && t >= pollAt) {
                poll = new RecordingReceiver(Receiver.Mode.HOLD);
                session.attach(poll);
                polls++;
            }
            scheduler.advance(1);
        }
        assertThat(got).hasSize(1000);
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i)).isEqualTo("m" + i);
        }
        assertThat((double) polls / got.size()).isLessThanOrEqualTo(0.3);
        assertThat(worstWait).isLessThanOrEqualTo(50 + 2 + 1);
    }

    @Test
    void withoutLingerStillBatchesWhatIsSentInTheSameTask() {
        settings = settings.toBuilder().linger(Duration.ZERO).build();
        session = newSession();
        RecordingReceiver poll = new RecordingReceiver(Receiver.Mode.HOLD);
        session.attach(poll);
        session.send("a");
        session.send("b");
        scheduler.runDue();
        assertThat(poll.batches).hasSize(1);
        assertThat(poll.texts()).containsExactly("a", "b");
    }

    @Test
    void answersAHeldPollEmptyAfterTheHoldTime() {
        RecordingReceiver poll = new RecordingReceiver(Receiver.Mode.HOLD);
        session.attach(poll);
        scheduler.advance(24_999);
        assertThat(poll.batches).isEmpty();
        scheduler.advance(1);
        assertThat(poll.batches).containsExactly(List.of());
        assertThat(poll.close).isNull();
    }

    @Test
    void answersAPollAtOnceEvenWhenEmpty() {
        RecordingReceiver poll = new RecordingReceiver(Receiver.Mode.POLL);
        session.attach(poll);
        assertThat(poll.batches).containsExactly(List.of());
    }

    @Test
    void capsAResponseAtMaxBatchBytesAndSendsTheRestNext() throws Exception {
        for (int i = 0; i < 5; i++) {
            session.send("x".repeat(40));
        }
        RecordingReceiver first = new RecordingReceiver(Receiver.Mode.POLL);
        session.attach(first);
        assertThat(first.seqs()).containsExactly(1L, 2L);
        session.acknowledge(2);
        RecordingReceiver second = new RecordingReceiver(Receiver.Mode.POLL);
        session.attach(second);
        assertThat(second.seqs()).containsExactly(3L, 4L);
    }

    @Test
    void resendsALostResponseOnTheNextPoll() throws Exception {
        session.send("a");
        RecordingReceiver lost = new RecordingReceiver(Receiver.Mode.HOLD);
        session.attach(lost);
        assertThat(lost.seqs()).containsExactly(1L);
        session.send("b");
        // the client never saw the answer: it polls again with ack=0
        session.acknowledge(0);
        RecordingReceiver retry = new RecordingReceiver(Receiver.Mode.HOLD);
        session.attach(retry);
        assertThat(retry.seqs()).containsExactly(1L, 2L);
        session.acknowledge(2);
        assertThat(session.bufferedAmount()).isZero();
    }

    @Test
    void refusesAnAckForAMessageNeverDelivered() {
        session.send("a");
        assertThatThrownBy(() -> session.acknowledge(1)).isInstanceOf(SessionException.class)
                .extracting(e -> ((SessionException) e).status()).isEqualTo(400);
        assertThat(session.readyState()).isEqualTo(ReadyState.OPEN);
    }

    @Test
    void answersTheHeldPollEmptyWhenANewPollReplacesIt() {
        RecordingReceiver first = new RecordingReceiver(Receiver.Mode.HOLD);
        session.attach(first);
        RecordingReceiver second = new RecordingReceiver(Receiver.Mode.HOLD);
        session.attach(second);
        assertThat(first.batches).containsExactly(List.of());
        session.send("a");
        scheduler.advance(5);
        assertThat(second.texts()).containsExactly("a");
        assertThat(first.batches).hasSize(1);
    }

    @Test
    void streamsEachMessageAndResumesAfterTheLastEventId() throws Exception {
        RecordingReceiver stream = new RecordingReceiver(Receiver.Mode.STREAM);
        session.attach(stream);
        session.send("a");
        scheduler.runDue();
        session.send("b");
        scheduler.runDue();
        assertThat(stream.seqs()).containsExactly(1L, 2L);
        // the stream broke after the client got 1: it reconnects with Last-Event-ID 1
        session.detach(stream);
        session.send("c");
        session.acknowledge(1);
        RecordingReceiver again = new RecordingReceiver(Receiver.Mode.STREAM);
        session.attach(again);
        assertThat(again.seqs()).containsExactly(2L, 3L);
    }

    @Test
    void writesHeartbeatsOnAnIdleStream() {
        RecordingReceiver stream = new RecordingReceiver(Receiver.Mode.STREAM);
        session.attach(stream);
        scheduler.advance(45_000);
        assertThat(stream.heartbeats).isEqualTo(3);
        assertThat(session.readyState()).isEqualTo(ReadyState.OPEN);
    }

    @Test
    void aStreamThatCarriesMessagesGetsNoHeartbeatOnlyItsSilenceDoes() {
        RecordingReceiver stream = new RecordingReceiver(Receiver.Mode.STREAM);
        session.attach(stream);
        for (int i = 0; i < 45; i++) { // a message a second for 45 s: never 15 s of silence
            session.send("m" + i);
            scheduler.advance(1000);
        }
        assertThat(stream.texts()).hasSize(45);
        assertThat(stream.heartbeats).isZero();
        scheduler.advance(13_999); // the last message went 14,999 ms ago
        assertThat(stream.heartbeats).isZero();
        scheduler.advance(1);
        assertThat(stream.heartbeats).isEqualTo(1);
        scheduler.advance(15_000);
        assertThat(stream.heartbeats).isEqualTo(2);
    }

    @Test
    void expiresWhenNotPolledWithinTheTimeout() {
        RecordingReceiver poll = new RecordingReceiver(Receiver.Mode.POLL);
        session.attach(poll);
        scheduler.advance(29_999);
        assertThat(closes).isEmpty();
        scheduler.advance(1);
        assertThat(closes).hasSize(1);
        assertThat(closes.get(0).code()).isEqualTo(4003);
        assertThat(closes.get(0).reason()).contains("no request for 30000 ms");
        assertThat(session.readyState()).isEqualTo(ReadyState.CLOSED);
        assertThat(ended).containsExactly(session);
        assertThat(session.finalClose().code()).isEqualTo(4003);
    }

    @Test
    void doesNotExpireWhileAPollIsHeldOrPollsKeepComing() {
        for (int i = 0; i < 10; i++) {
            RecordingReceiver poll = new RecordingReceiver(Receiver.Mode.HOLD);
            session.attach(poll);
            scheduler.advance(25_000);
            assertThat(poll.batches).hasSize(1);
            scheduler.advance(1_000);
        }
        assertThat(closes).isEmpty();
    }

    @Test
    void closesASlowConsumerWith4000AndTellsTheWaitingReceiver() {
        RecordingReceiver stream = new RecordingReceiver(Receiver.Mode.STREAM);
        session.attach(stream);
        for (int i = 0; i < 30; i++) {
            session.send("x".repeat(40)); // never acknowledged
        }
        assertThat(closes).hasSize(1);
        assertThat(closes.get(0).code()).isEqualTo(4000);
        assertThat(closes.get(0).reason()).startsWith("queued 1040 bytes, over the limit of 1000");
        assertThat(stream.close.code()).isEqualTo(4000);
        assertThat(session.send("late")).isFalse();
    }

    @Test
    void appliesARetriedPostOnce() throws Exception {
        List<Message> post = List.of(Message.text("a"), Message.text("b"));
        assertThat(session.receive(1, post)).isEqualTo(2);
        assertThat(session.receive(1, post)).isEqualTo(2);
        assertThat(session.receive(2, List.of(Message.text("b"), Message.text("c")))).isEqualTo(3);
        assertThat(received).containsExactly("a", "b", "c");
    }

    @Test
    void refusesAPostThatSkipsSequenceNumbers() {
        assertThatThrownBy(() -> session.receive(3, List.of(Message.text("c"))))
                .isInstanceOf(SessionException.class).hasMessageContaining("next POST must start at 1");
        assertThat(received).isEmpty();
        assertThat(session.readyState()).isEqualTo(ReadyState.OPEN);
    }

    @Test
    void closesWith1009OnAMessageOverTheLimit() {
        assertThatThrownBy(() -> session.receive(1, List.of(Message.text("x".repeat(51)))))
                .isInstanceOf(SessionException.class)
                .extracting(e -> ((SessionException) e).status()).isEqualTo(413);
        assertThat(closes.get(0).code()).isEqualTo(1009);
        assertThat(received).isEmpty();
    }

    @Test
    void deliversQueuedMessagesThenTheCloseOnAServerClose() throws Exception {
        session.send("a");
        session.close(4100, "bye");
        assertThat(session.readyState()).isEqualTo(ReadyState.CLOSING);
        assertThat(session.send("b")).isFalse();
        RecordingReceiver poll = new RecordingReceiver(Receiver.Mode.HOLD);
        session.attach(poll);
        assertThat(poll.texts()).containsExactly("a");
        assertThat(poll.close).isEqualTo(new SessionClose(4100, "bye", 0));
        assertThat(closes).containsExactly(new CloseEvent(4100, "bye", false, true));
    }

    @Test
    void aClosingSessionAppliesNoMorePostsAndItsCloseSaysHowFarItApplied() throws Exception {
        assertThat(session.receive(1, List.of(Message.text("a"), Message.text("b")))).isEqualTo(2);
        session.close(1001, "going away");
        assertThat(session.receive(3, List.of(Message.text("c")))).isEqualTo(2);
        assertThat(received).containsExactly("a", "b");

        RecordingReceiver poll = new RecordingReceiver(Receiver.Mode.HOLD);
        session.attach(poll);
        assertThat(poll.close).isEqualTo(new SessionClose(1001, "going away", 2));
        assertThat(SessionCodec.decodeClose(SessionCodec.encodeClose(poll.close))).isEqualTo(poll.close);
    }

    @Test
    void closesAnywayWhenNobodyPollsAfterAServerClose() {
        session.send("a");
        session.close(1000, "done");
        scheduler.advance(5_000);
        assertThat(closes).containsExactly(new CloseEvent(1000, "done", false, false));
    }

    @Test
    void closesAtOnceWhenTheClientCloses() {
        RecordingReceiver poll = new RecordingReceiver(Receiver.Mode.HOLD);
        session.attach(poll);
        session.send("never read");
        session.closeByClient(1000, "bye");
        assertThat(closes).containsExactly(new CloseEvent(1000, "bye", true, true));
        assertThat(poll.close).isEqualTo(new SessionClose(1000, "bye", 0));
    }

    @Test
    void answersAPollOnAClosedSessionWithItsClose() {
        session.closeByClient(1000, "bye");
        RecordingReceiver late = new RecordingReceiver(Receiver.Mode.HOLD);
        session.attach(late);
        assertThat(late.close).isEqualTo(new SessionClose(1000, "bye", 0));
    }

    @Test
    void terminateDropsTheHeldRequestAndReports1006() {
        RecordingReceiver poll = new RecordingReceiver(Receiver.Mode.HOLD);
        session.attach(poll);
        session.terminate();
        assertThat(poll.aborted).isTrue();
        assertThat(closes.get(0).code()).isEqualTo(1006);
    }

    @Test
    void failsSendCallbacksOfUnacknowledgedMessagesOnClose() throws Exception {
        List<Throwable> results = new ArrayList<>();
        session.send("a", results::add);
        session.send("b", results::add);
        RecordingReceiver poll = new RecordingReceiver(Receiver.Mode.POLL);
        session.attach(poll);
        session.acknowledge(1);
        session.closeByClient(1000, "");
        assertThat(results).hasSize(2);
        assertThat(results.get(0)).isNull();
        assertThat(results.get(1)).hasMessageContaining("session closed");
    }

    @Test
    void refusesCloseCodesThatMayNotBeSent() {
        assertThatThrownBy(() -> session.close(1006, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> session.close(1000, "x".repeat(124))).isInstanceOf(IllegalArgumentException.class);
    }
}
