package dev.pushwire.core.hub.internal;

import dev.pushwire.core.hub.PresenceStore;
import dev.pushwire.core.hub.PresenceStoreContractTest;

class MemoryPresenceStoreContractTest extends PresenceStoreContractTest {
    @Override
    protected PresenceStore newStore() {
        return PresenceStore.memory();
    }
}
