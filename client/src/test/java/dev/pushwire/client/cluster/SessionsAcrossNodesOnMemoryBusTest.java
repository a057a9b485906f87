package dev.pushwire.client.cluster;

import dev.pushwire.core.cluster.MemoryNodeBus;
import dev.pushwire.core.cluster.NodeBus;

/** {@link SessionsAcrossNodesTest} with the nodes on the in-memory bus. */
class SessionsAcrossNodesOnMemoryBusTest extends SessionsAcrossNodesTest {
    private final MemoryNodeBus.Network network = MemoryNodeBus.network();

    @Override
    protected NodeBus newBus(int i) {
        return network.join("node" + i + "-" + NodeBus.randomNodeId());
    }

    @Override
    protected void crashBus(NodeBus bus) {
        network.kill(bus.nodeId());
    }
}
