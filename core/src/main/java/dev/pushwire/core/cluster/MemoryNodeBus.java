package dev.pushwire.core.cluster;

import dev.pushwire.core.internal.cluster.EnvelopeBus;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A {@link NodeBus} whose nodes live in one JVM: the reference implementation, for tests of several nodes in one
 * process, and (with a single node) the server's default, which never forwards anything.
 *
 * <p>Nodes join a {@link Network}; each node's inbox is one daemon thread, so deliveries to a node are serial and
 * in the order they were sent. A node is alive from {@link #start} until {@link #close} (or
 * {@link Network#kill}), then dead; a node never on the network is unknown. Thread-safe.
 */
public final class MemoryNodeBus extends EnvelopeBus {
    private final Network network;
    /** Set by start; guarded by the network's map. */
    private volatile ExecutorService inbox;

    private MemoryNodeBus(Network network, String nodeId) {
        super(nodeId);
        this.network = network;
    }

    /** A new, empty network of in-memory nodes. */
    public static Network network() {
        return new Network();
    }

    /** Nodes that reach each other in memory. Thread-safe. */
    public static final class Network {
        private final Map<String, MemoryNodeBus> nodes = new ConcurrentHashMap<>();
        private final Set<String> gone = ConcurrentHashMap.newKeySet();

        private Network() {
        }

        /** A new node of this network with id {@code nodeId} (not yet started: not reachable before it is). */
        public MemoryNodeBus join(String nodeId) {
            return new MemoryNodeBus(this, nodeId);
        }

        /**
         * Takes node {@code nodeId} off the network at once, as a crash would: what it had queued is dropped, its
         * pending requests fail, other nodes see it dead.
         */
        public void kill(String nodeId) {
            MemoryNodeBus bus = nodes.get(nodeId);
            if (bus != null) {
                bus.close();
            }
        }
    }

    @Override
    public void start(Listener listener) {
        listen(listener);
        ThreadPoolExecutor ex = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "pushwire-bus-" + nodeId());
                    t.setDaemon(true);
                    return t;
                });
        inbox = ex;
        if (network.gone.contains(nodeId()) || network.nodes.putIfAbsent(nodeId(), this) != null) {
            ex.shutdownNow();
            throw new IllegalStateException("node id " + nodeId() + " is (or was) already on this network");
        }
    }

    @Override
    protected CompletableFuture<Boolean> publish(String node, byte[] envelope) {
        MemoryNodeBus target = network.nodes.get(node);
        ExecutorService to = target == null ? null : target.inbox;
        if (to == null) {
            return CompletableFuture.completedFuture(false);
        }
        try {
            to.execute(() -> target.deliver(envelope));
            return CompletableFuture.completedFuture(true);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(false);
        }
    }

    @Override
    public Liveness liveness(String node) {
        if (network.nodes.containsKey(node)) {
            return Liveness.ALIVE;
        }
        return network.gone.contains(node) ? Liveness.DEAD : Liveness.UNKNOWN;
    }

    @Override
    public Set<String> aliveNodes() {
        return Set.copyOf(network.nodes.keySet());
    }

    @Override
    public void close() {
        if (network.nodes.remove(nodeId(), this)) {
            network.gone.add(nodeId());
        }
        ExecutorService ex = inbox;
        if (ex != null) {
            ex.shutdownNow();
        }
        failPending("the bus of node " + nodeId() + " is closed");
    }

    @Override
    public String toString() {
        return "MemoryNodeBus[" + nodeId() + "]";
    }
}
