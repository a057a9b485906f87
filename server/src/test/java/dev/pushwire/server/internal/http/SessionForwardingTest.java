package dev.pushwire.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.core.cluster.MemoryNodeBus;
import dev.pushwire.core.cluster.NodeBus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which sessions a node forwards: those whose id names another node; everything else is served here as before. */
class SessionForwardingTest {
    private final NodeBus bus = MemoryNodeBus.network().join("node-a");
    private final SessionForwarding forwarding = new SessionForwarding(bus, null, Duration.ofSeconds(5), 10_000);

    @Test
    void aSessionOfThisNodeOrWithoutANodeIsServedHere() {
        assertThat(forwarding.heldElsewhere("node-a.q2l7Y1n1bXk5a8Zs3iV0eWl4")).isFalse();
        assertThat(forwarding.heldElsewhere("q2l7Y1n1bXk5a8Zs3iV0eWl4")).as("an id from before clusters").isFalse();
        assertThat(forwarding.heldElsewhere(".q2l7")).as("no node before the dot").isFalse();
    }

    @Test
    void aSessionOfAnotherNodeIsForwardedToIt() {
        assertThat(forwarding.heldElsewhere("node-b.q2l7Y1n1bXk5a8Zs3iV0eWl4")).isTrue();
        assertThat(forwarding.heldElsewhere("node-ab.x")).as("a longer id with this one as prefix").isTrue();
        assertThat(forwarding.heldElsewhere("node.x")).as("a shorter id that prefixes this one").isTrue();
        assertThat(SessionForwarding.ownerOf("node-b.q2l7")).isEqualTo("node-b");
        assertThat(SessionForwarding.ownerOf("q2l7")).isNull();
    }
}
