package dev.pushwire.core.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link PresenceStore} contract: every implementation extends this class and passes it. */
public abstract class PresenceStoreContractTest {
    protected PresenceStore store;
    private final String prefix = "presence-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    /** A new, empty store. */
    protected abstract PresenceStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private List<ClientInfo> list(String channel) {
        return store.list(channel).orTimeout(5, TimeUnit.SECONDS).join();
    }

    @Test
    void listsTheClientsAddedToAChannel() {
        String ch = prefix + "room";
        ClientInfo alice = new ClientInfo("c1", "alice", "{\"color\":\"red\"}");
        ClientInfo anon = new ClientInfo("c2", "", null);
        store.add(ch, alice).join();
        store.add(ch, anon).join();
        store.add(prefix + "other", new ClientInfo("c3", "carol", null)).join();
        assertThat(list(ch)).containsExactlyInAnyOrder(alice, anon);
    }

    @Test
    void addingTheSameClientTwiceKeepsOneEntry() {
        String ch = prefix + "twice";
        ClientInfo alice = new ClientInfo("c1", "alice", null);
        store.add(ch, alice).join();
        store.add(ch, alice).join();
        assertThat(list(ch)).containsExactly(alice);
    }

    @Test
    void removedClientsLeaveTheList() {
        String ch = prefix + "leave";
        store.add(ch, new ClientInfo("c1", "alice", null)).join();
        ClientInfo bob = new ClientInfo("c2", "bob", null);
        store.add(ch, bob).join();
        store.remove(ch, "c1").join();
        store.remove(ch, "never-there").join();
        assertThat(list(ch)).containsExactly(bob);
        store.remove(ch, "c2").join();
        assertThat(list(ch)).isEmpty();
    }

    @Test
    void anUnknownChannelHasNobody() {
        assertThat(list(prefix + "nobody")).isEmpty();
    }
}
