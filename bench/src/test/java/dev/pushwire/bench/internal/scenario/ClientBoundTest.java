package dev.pushwire.bench.internal.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which windows the bench flags as measuring its own load generator rather than the server. */
class ClientBoundTest {
    @Test
    void aGeneratorUsingAlmostAllOfItsEventLoopsBoundsTheWindow() {
        assertThat(ClientBound.test(185, 10, 2, 8)).isTrue();
        assertThat(ClientBound.test(95, 10, 1, 8)).isTrue();
    }

    @Test
    void aFullMachineWhereTheGeneratorHasTheLargerShareBoundsTheWindow() {
        // issue 16's quiet run, echo 32 B with 1 in flight: generator 107 %, server 91 %, on 2 cores
        assertThat(ClientBound.test(107, 91, 2, 2)).isTrue();
    }

    @Test
    void aFullMachineWhereTheServerHasTheLargerShareIsTheServersMeasurement() {
        // the same run's 16 in flight against raw Netty: generator 76 %, server 121 %
        assertThat(ClientBound.test(76, 121, 2, 2)).isFalse();
    }

    @Test
    void aMachineWithRoomToSpareIsNotClientBound() {
        assertThat(ClientBound.test(45, 33, 2, 2)).isFalse();
        assertThat(ClientBound.test(100, 20, 2, 8)).isFalse();
    }
}
