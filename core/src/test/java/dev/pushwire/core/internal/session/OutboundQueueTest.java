package dev.pushwire.core.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pushwire.core.Message;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {
    private final OutboundQueue queue = new OutboundQueue();
    private final List<Throwable> completed = new ArrayList<>();

    @Test
    void numbersMessagesFromOneWithoutGaps() {
        assertThat(queue.add(Message.text("a"), null)).isEqualTo(1);
        assertThat(queue.add(Message.text("b"), null)).isEqualTo(2);
        assertThat(queue.lastSeq()).isEqualTo(2);
    }

    @Test
    void resendsUnacknowledgedMessagesUntilAcked() throws Exception {
        queue.add(Message.text("a"), null);
        queue.add(Message.text("b"), null);
        assertThat(seqs(queue.batchAfter(0, 1000))).containsExactly(1L, 2L);
        // the response was lost: the next poll still acks 0 and gets both again
        assertThat(seqs(queue.batchAfter(queue.ackedSeq(), 1000))).containsExactly(1L, 2L);
        queue.acknowledge(1, (cb, e) -> completed.add(e));
        assertThat(seqs(queue.batchAfter(queue.ackedSeq(), 1000))).containsExactly(2L);
        queue.acknowledge(2, (cb, e) -> completed.add(e));
        assertThat(queue.batchAfter(queue.ackedSeq(), 1000)).isEmpty();
        assertThat(queue.bytes()).isZero();
    }

    @Test
    void capsABatchByPayloadBytesButAlwaysSendsOneMessage() {
        queue.add(Message.binary(new byte[600]), null);
        queue.add(Message.binary(new byte[600]), null);
        queue.add(Message.binary(new byte[10]), null);
        assertThat(seqs(queue.batchAfter(0, 1000))).containsExactly(1L);
        assertThat(seqs(queue.batchAfter(1, 1000))).containsExactly(2L, 3L);
        assertThat(seqs(queue.batchAfter(0, 100))).containsExactly(1L);
    }

    @Test
    void countsQueuedBytesUntilAcknowledged() throws Exception {
        queue.add(Message.text("héllo"), null); // 6 bytes in UTF-8
        queue.add(Message.binary(new byte[10]), null);
        assertThat(queue.bytes()).isEqualTo(16);
        queue.batchAfter(0, 100);
        queue.acknowledge(1, (cb, e) -> { });
        assertThat(queue.bytes()).isEqualTo(10);
    }

    @Test
    void refusesAnAckBeyondWhatWasDelivered() {
        queue.add(Message.text("a"), null);
        assertThatThrownBy(() -> queue.acknowledge(1, (cb, e) -> { }))
                .isInstanceOf(SessionException.class)
                .hasMessageContaining("ack 1 is not a sequence number this session delivered (delivered up to 0)")
                .extracting(e -> ((SessionException) e).error()).isEqualTo("bad_ack");
        assertThatThrownBy(() -> queue.acknowledge(-1, (cb, e) -> { })).isInstanceOf(SessionException.class);
    }

    @Test
    void treatsARepeatedOrOlderAckAsHarmless() throws Exception {
        queue.add(Message.text("a"), null);
        queue.add(Message.text("b"), null);
        queue.batchAfter(0, 100);
        queue.acknowledge(2, (cb, e) -> { });
        queue.acknowledge(1, (cb, e) -> { });
        queue.acknowledge(2, (cb, e) -> { });
        assertThat(queue.ackedSeq()).isEqualTo(2);
    }

    @Test
    void tellsCallbacksOnAckAndFailsTheRestOnClear() throws Exception {
        queue.add(Message.text("a"), completed::add);
        queue.add(Message.text("b"), completed::add);
        queue.batchAfter(0, 100);
        queue.acknowledge(1, (cb, e) -> cb.onComplete(e));
        assertThat(completed).containsExactly((Throwable) null);
        queue.clear(new IllegalStateException("closed"), (cb, e) -> cb.onComplete(e));
        assertThat(completed).hasSize(2);
        assertThat(completed.get(1)).hasMessage("closed");
    }

    @Test
    void keepsSequenceAfterManyAcksAndCompactions() throws Exception {
        long acked = 0;
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 100; i++) {
                queue.add(Message.text("m"), null);
            }
            List<SequencedMessage> batch = queue.batchAfter(acked, 60);
            assertThat(batch.get(0).seq()).isEqualTo(acked + 1);
            acked = batch.get(batch.size() - 1).seq();
            queue.acknowledge(acked, (cb, e) -> { });
        }
        assertThat(queue.bytes()).isEqualTo(queue.lastSeq() - acked);
        assertThat(queue.batchAfter(acked, Integer.MAX_VALUE)).hasSize((int) (queue.lastSeq() - acked));
    }

    private static List<Long> seqs(List<SequencedMessage> batch) {
        return batch.stream().map(SequencedMessage::seq).toList();
    }
}
