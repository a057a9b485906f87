package dev.pushwire.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link NodeBus} keeps (see its javadoc). A subclass makes nodes of one cluster and can crash
 * one; the suite closes every node it made.
 */
public abstract class NodeBusContractTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final List<NodeBus> made = Collections.synchronizedList(new ArrayList<>());

    /** A new node of this test's cluster with {@code id}, not started. */
    protected abstract NodeBus newNode(String id);

    /** Ends {@code node} as a crash would: it does not say goodbye. */
    protected abstract void crash(NodeBus node);

    /** How long after a crash other nodes may still see the node alive (the implementation's node timeout). */
    protected abstract Duration crashNoticedWithin();

    private NodeBus node(String id, NodeBus.Listener listener) {
        NodeBus n = newNode(id + "-" + NodeBus.randomNodeId());
        made.add(n);
        n.start(listener);
        return n;
    }

    @AfterEach
    void closeNodes() {
        made.forEach(NodeBus::close);
    }

    @Test
    void deliversMessagesFromOneNodeToAnotherInOrderWithTheSender() {
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        NodeBus b = node("b", new NodeBus.Listener() {
            @Override
            public void onMessage(String from, byte[] message) {
                got.add(from + ":" + new String(message, StandardCharsets.UTF_8));
            }
        });
        NodeBus a = node("a", new NodeBus.Listener() { });
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            a.send(b.nodeId(), Integer.toString(i).getBytes(StandardCharsets.UTF_8));
            expected.add(a.nodeId() + ":" + i);
        }
        await().atMost(WAIT).until(() -> got.size() >= expected.size());
        assertThat(got).containsExactlyElementsOf(expected);
    }

    @Test
    void carriesAnyBytes() {
        CompletableFuture<byte[]> got = new CompletableFuture<>();
        NodeBus b = node("b", new NodeBus.Listener() {
            @Override
            public void onMessage(String from, byte[] message) {
                got.complete(message);
            }
        });
        NodeBus a = node("a", new NodeBus.Listener() { });
        byte[] all = new byte[70_000];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        a.send(b.nodeId(), all).join();
        assertThat(got.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join()).isEqualTo(all);
    }

    @Test
    void sendToANodeThatIsNotThereFailsUnreachable() {
        NodeBus a = node("a", new NodeBus.Listener() { });
        assertThatThrownBy(() -> a.send("nobody-" + NodeBus.randomNodeId(), new byte[] {1}).get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(NodeUnreachableException.class);
    }

    @Test
    void requestGetsTheAnswerOfTheOtherNode() throws Exception {
        NodeBus b = node("b", new NodeBus.Listener() {
            @Override
            public void onRequest(String from, byte[] request, NodeBus.Reply reply) {
                reply.answer((from + " asked " + new String(request, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
            }
        });
        NodeBus a = node("a", new NodeBus.Listener() { });
        byte[] answer = a.request(b.nodeId(), "x".getBytes(StandardCharsets.UTF_8), WAIT).get(30, TimeUnit.SECONDS);
        assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo(a.nodeId() + " asked x");
    }

    @Test
    void aFailedAnswerFailsTheRequestWithItsReason() {
        NodeBus b = node("b", new NodeBus.Listener() {
            @Override
            public void onRequest(String from, byte[] request, NodeBus.Reply reply) {
                reply.fail("no such thing");
            }
        });
        NodeBus a = node("a", new NodeBus.Listener() { });
        assertThatThrownBy(() -> a.request(b.nodeId(), new byte[0], WAIT).get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(NodeBusException.class).hasMessageContaining("no such thing");
    }

    @Test
    void anUnansweredRequestFailsAtItsDeadline() {
        NodeBus b = node("b", new NodeBus.Listener() {
            @Override
            public void onRequest(String from, byte[] request, NodeBus.Reply reply) {
                // never answers
            }
        });
        NodeBus a = node("a", new NodeBus.Listener() { });
        long start = System.nanoTime();
        assertThatThrownBy(() -> a.request(b.nodeId(), new byte[0], Duration.ofMillis(300)).get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(TimeoutException.class);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
    }

    @Test
    void anAnswerArrivesBeforeWhatTheResponderSendsAfterIt() {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicReference<CompletableFuture<CompletableFuture<byte[]>>> current =
                new java.util.concurrent.atomic.AtomicReference<>();
        NodeBus a = node("a", new NodeBus.Listener() {
            @Override
            public void onMessage(String from, byte[] message) {
                // the request's future as the requester holds it: it must be complete when a later message arrives
                boolean answered = current.get().join().isDone();
                seen.add("message " + ByteBuffer.wrap(message).getInt() + (answered ? " after" : " BEFORE")
                        + " the answer");
            }
        });
        NodeBus[] b = new NodeBus[1];
        b[0] = node("b", new NodeBus.Listener() {
            @Override
            public void onRequest(String from, byte[] request, NodeBus.Reply reply) {
                new Thread(() -> {  // answer from another thread, then send from it at once: order must hold
                    reply.answer(request);
                    for (int i = 0; i < 3; i++) {
                        b[0].send(from, ByteBuffer.allocate(4).putInt(i).array());
                    }
                }).start();
            }
        });
        for (int r = 0; r < 20; r++) {
            seen.clear();
            CompletableFuture<CompletableFuture<byte[]>> holder = new CompletableFuture<>();
            current.set(holder);
            holder.complete(a.request(b[0].nodeId(), new byte[] {1}, WAIT));
            await().atMost(WAIT).until(() -> seen.size() >= 3);
            assertThat(seen).containsExactly("message 0 after the answer", "message 1 after the answer",
                    "message 2 after the answer");
        }
    }

    @Test
    void nodesSeeEachOtherAliveAndAClosedNodeDead() {
        NodeBus a = node("a", new NodeBus.Listener() { });
        NodeBus b = node("b", new NodeBus.Listener() { });
        assertThat(a.liveness(a.nodeId())).isEqualTo(NodeBus.Liveness.ALIVE);
        await().atMost(WAIT).until(() -> a.liveness(b.nodeId()) == NodeBus.Liveness.ALIVE
                && a.aliveNodes().contains(b.nodeId()));
        assertThat(a.liveness("never-" + NodeBus.randomNodeId())).isEqualTo(NodeBus.Liveness.UNKNOWN);
        b.close();
        await().atMost(WAIT).until(() -> a.liveness(b.nodeId()) == NodeBus.Liveness.DEAD);
        assertThat(a.aliveNodes()).doesNotContain(b.nodeId());
        assertThatThrownBy(() -> a.send(b.nodeId(), new byte[] {1}).get(20, TimeUnit.SECONDS))
                .hasCauseInstanceOf(NodeUnreachableException.class);
    }

    @Test
    void aCrashedNodeIsSeenDeadWithinTheNodeTimeoutAndRequestsToItFail() {
        NodeBus a = node("a", new NodeBus.Listener() { });
        NodeBus b = node("b", new NodeBus.Listener() {
            @Override
            public void onRequest(String from, byte[] request, NodeBus.Reply reply) {
                // holds every request, as a node that is about to crash
            }
        });
        await().atMost(WAIT).until(() -> a.liveness(b.nodeId()) == NodeBus.Liveness.ALIVE);
        CompletableFuture<byte[]> held = a.request(b.nodeId(), new byte[] {1}, Duration.ofSeconds(3));
        crash(b);
        await().atMost(crashNoticedWithin().plus(WAIT)).until(() -> a.liveness(b.nodeId()) == NodeBus.Liveness.DEAD);
        assertThatThrownBy(() -> held.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThatThrownBy(() -> a.request(b.nodeId(), new byte[] {1}, Duration.ofSeconds(3)).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
    }
}
