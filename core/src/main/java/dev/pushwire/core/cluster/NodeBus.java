package dev.pushwire.core.cluster;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The cluster bus: how one node of a Pushwire cluster reaches another by its id. The server uses it to forward a
 * request of an HTTP session to the node that holds the session (docs/scaling.md, "HTTP sessions across nodes").
 *
 * <h2>Contract</h2>
 * Every implementation must pass the contract suite {@code NodeBusContractTest} (in core's test jar):
 * <ul>
 *   <li>{@link #send} puts bytes in another node's inbox, <em>at most once</em>; messages from one node to another
 *       arrive in the order they were sent. A send to a node with no inbox listening fails with
 *       {@link NodeUnreachableException} (as far as the bus can tell; a node that vanished silently is only
 *       noticed by {@link #liveness}).</li>
 *   <li>{@link #request} sends bytes to another node's {@link Listener#onRequest} and completes with its answer,
 *       or fails with {@link java.util.concurrent.TimeoutException} after the deadline, with
 *       {@link NodeUnreachableException}, or with {@link NodeBusException} when the other node's listener failed.
 *       A request and the messages sent after it by the same sender are delivered in that order; the answer and
 *       the messages its responder sends after answering arrive in that order too.</li>
 *   <li>{@link #liveness} says what the bus knows of a node: alive (it refreshed its presence lately), dead (its
 *       presence expired or it left) or unknown (never seen).</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * Every method may be called from any thread and must not block. The listener is called on the bus's own
 * delivery thread, serially: it must be quick and hand work to other threads.
 */
public interface NodeBus extends AutoCloseable {

    /** What the bus knows of a node. */
    enum Liveness {
        /** The node refreshed its presence within the bus's node timeout. */
        ALIVE,
        /** The node left, or its presence expired: it holds nothing any more. */
        DEAD,
        /** The bus has not seen this node (yet). */
        UNKNOWN
    }

    /** Receives what other nodes send to this node. Called on the bus's delivery thread, one call at a time. */
    interface Listener {
        /** A message {@link #send sent} to this node by node {@code from}. */
        default void onMessage(String from, byte[] message) {
        }

        /**
         * A {@link #request} from node {@code from}: answer it through {@code reply}, now or later, from any thread.
         * Unanswered, the request fails at its deadline on the requesting node.
         */
        default void onRequest(String from, byte[] request, Reply reply) {
            reply.fail("node answers no requests");
        }
    }

    /**
     * The way back to the node that sent a request. The first call counts; later ones are ignored. The answer is
     * put on the bus before the call returns, so what the same thread sends to that node afterwards arrives after it.
     */
    interface Reply {
        /** Answers the request with {@code answer}. */
        void answer(byte[] answer);

        /** Fails the request: the requester gets a {@link NodeBusException} with {@code reason}. */
        void fail(String reason);
    }

    /** The pattern of a node id: 1-40 of {@code A-Z a-z 0-9 _ -} (it appears in session ids and Redis keys). */
    Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");

    /** A new single-node bus with a random id: no other node, so nothing is ever forwarded. */
    static NodeBus local() {
        return MemoryNodeBus.network().join(randomNodeId());
    }

    /** A random node id of 8 URL-safe characters (48 bits). */
    static String randomNodeId() {
        SecureRandom r = new SecureRandom();
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** Returns {@code id} if it is a valid node id, else throws {@link IllegalArgumentException} saying why. */
    static String checkNodeId(String id) {
        if (id == null || !NODE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a node id is 1-40 of A-Z a-z 0-9 _ -, was "
                    + (id == null ? "null" : "'" + id + "'"));
        }
        return id;
    }

    /** This node's id, unique in the cluster. */
    String nodeId();

    /**
     * Starts delivering to {@code listener} what other nodes send here, and announces this node as alive. Called
     * once, before any other node can reach this one.
     *
     * @throws IllegalStateException when already started or closed
     */
    void start(Listener listener);

    /**
     * Sends {@code message} to node {@code node}'s inbox. Completes when the bus has taken it (not when the node has
     * handled it); fails with {@link NodeUnreachableException} when no such node listens.
     */
    CompletableFuture<Void> send(String node, byte[] message);

    /** Sends {@code request} to node {@code node} and completes with its answer, within {@code deadline}. */
    CompletableFuture<byte[]> request(String node, byte[] request, Duration deadline);

    /** What the bus knows of {@code node} now; this node is always {@link Liveness#ALIVE} once started. */
    Liveness liveness(String node);

    /** The nodes known alive now, this one included once started. */
    Set<String> aliveNodes();

    /** Leaves the cluster: other nodes see this node dead; pending requests fail. Idempotent. */
    @Override
    void close();
}
