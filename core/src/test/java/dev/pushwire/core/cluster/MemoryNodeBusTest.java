package dev.pushwire.core.cluster;

import java.time.Duration;

/** The in-memory bus keeps the {@link NodeBus} contract. */
class MemoryNodeBusTest extends NodeBusContractTest {
    private final MemoryNodeBus.Network network = MemoryNodeBus.network();

    @Override
    protected NodeBus newNode(String id) {
        return network.join(id);
    }

    @Override
    protected void crash(NodeBus node) {
        network.kill(node.nodeId());
    }

    @Override
    protected Duration crashNoticedWithin() {
        return Duration.ZERO;
    }
}
