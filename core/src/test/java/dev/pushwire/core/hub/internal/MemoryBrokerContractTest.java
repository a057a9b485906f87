package dev.pushwire.core.hub.internal;

import dev.pushwire.core.hub.Broker;
import dev.pushwire.core.hub.BrokerContractTest;
import java.time.Clock;

class MemoryBrokerContractTest extends BrokerContractTest {
    @Override
    protected Broker newBroker(Clock clock) {
        return Broker.memory(clock);
    }
}
