package dev.pushwire.core.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InboundSequenceTest {
    private final InboundSequence seq = new InboundSequence();

    @Test
    void appliesANewPostWhole() throws Exception {
        assertThat(seq.alreadyApplied(1, 3)).isZero();
        seq.applied(3);
        assertThat(seq.received()).isEqualTo(3);
    }

    @Test
    void skipsARetriedPostEntirely() throws Exception {
        seq.applied(3);
        assertThat(seq.alreadyApplied(1, 3)).isEqualTo(3);
    }

    @Test
    void appliesOnlyTheNewTailOfAnOverlappingPost() throws Exception {
        seq.applied(3);
        assertThat(seq.alreadyApplied(2, 4)).isEqualTo(2);
    }

    @Test
    void refusesAPostThatSkipsNumbers() {
        seq.applied(3);
        assertThatThrownBy(() -> seq.alreadyApplied(5, 1))
                .isInstanceOf(SessionException.class)
                .hasMessage("seq 5 skips messages: the server has received up to 3, so the next POST must start"
                        + " at 4; resend from there");
        assertThatThrownBy(() -> seq.alreadyApplied(0, 1)).isInstanceOf(SessionException.class);
    }
}
