package dev.pushwire.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PeerOrderTest {
    private static final List<String> GIVEN = List.of("pushwire", "netty", "vertx", "node");

    @Test
    void alternateRunsTheGivenOrderInOddRunsAndItsReverseInEvenRuns() {
        assertThat(PeerOrder.ALTERNATE.forRun(GIVEN, 1)).containsExactly("pushwire", "netty", "vertx", "node");
        assertThat(PeerOrder.ALTERNATE.forRun(GIVEN, 2)).containsExactly("node", "vertx", "netty", "pushwire");
        assertThat(PeerOrder.ALTERNATE.forRun(GIVEN, 3)).containsExactly("pushwire", "netty", "vertx", "node");
    }

    @Test
    void givenKeepsTheOrderInEveryRun() {
        assertThat(PeerOrder.GIVEN.forRun(GIVEN, 2)).isEqualTo(GIVEN);
    }

    @Test
    void parsesTheOptionAndRejectsAnythingElse() {
        assertThat(PeerOrder.parse("Alternate")).isEqualTo(PeerOrder.ALTERNATE);
        assertThat(PeerOrder.parse("given")).isEqualTo(PeerOrder.GIVEN);
        assertThatThrownBy(() -> PeerOrder.parse("random")).hasMessageContaining("alternate or given");
    }
}
