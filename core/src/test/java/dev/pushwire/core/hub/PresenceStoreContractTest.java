package dev.pushwire.core.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link PresenceStore} contract: every implementation extends this class and passes it. */
public abstract class PresenceStoreContractTest {
    protected PresenceStore store;
    private final String prefix = "presence-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    /** A new, empty store. */
    protected abstract PresenceStore newStore();

    /**
     * Another node's store, sharing this one's data, whose entries live {@code ttl} unless it refreshes them; null
     * when the implementation has no other nodes (in memory: a node's entries die with its process).
     */
    protected PresenceStore newPeerStore(Duration ttl) {
        return null;
    }

    /** Stops {@code peer} as if its process had been killed: no cleanup, no more refreshes. */
    protected void killPeer(PresenceStore peer) {
        throw new UnsupportedOperationException();
    }

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

    @Test
    void aStoppedNodeTakesItsEntriesWithIt() {
        String ch = prefix + "stopped";
        PresenceStore peer = newPeerStore(Duration.ofSeconds(30));
        PresenceStore node = peer != null ? peer : store;
        ClientInfo alice = new ClientInfo("c1", "alice", null);
        node.add(ch, alice).join();
        assertThat(node.list(ch).orTimeout(5, TimeUnit.SECONDS).join()).containsExactly(alice);
        node.close();
        if (peer != null) {
            assertThat(list(ch)).isEmpty();
        } else {
            store = newStore();
            assertThat(list(ch)).isEmpty();
        }
    }

    @Test
    void entriesOfANodeThatDiedVanishWithinTheTtlWhileARefreshedNodeKeepsItsOwn() {
        Duration ttl = Duration.ofSeconds(2);
        PresenceStore dying = newPeerStore(ttl);
        Assumptions.assumeTrue(dying != null, "one node only: its entries die with its process");
        PresenceStore living = newPeerStore(ttl);
        try {
            String ch = prefix + "ttl";
            ClientInfo alice = new ClientInfo("c1", "alice", null);
            ClientInfo bob = new ClientInfo("c2", "bob", null);
            dying.add(ch, alice).join();
            living.add(ch, bob).join();
            assertThat(list(ch)).containsExactlyInAnyOrder(alice, bob);
            killPeer(dying);
            long killed = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> list(ch).equals(List.of(bob)));
            assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(ttl.multipliedBy(3));
            // bob's node keeps refreshing him past several TTLs
            await().during(ttl.multipliedBy(2)).atMost(ttl.multipliedBy(3))
                    .until(() -> list(ch).equals(List.of(bob)));
        } finally {
            living.close();
        }
    }
}
