package dev.pushwire.bench.internal.scenario;

import dev.pushwire.bench.internal.peer.PeerProcess;

/** One workload run against one peer. Implementations are immutable; run from the harness thread. */
public interface Scenario {
    /** The name in results, e.g. "echo-32B-100c-16f". */
    String name();

    /** Whether it needs a peer process of its own (e.g. to read memory from a clean start). */
    default boolean needsFreshPeer() {
        return false;
    }

    /** Runs against {@code peer} and reports what it measured; failures are reported, not thrown, when possible. */
    ScenarioResult run(PeerProcess peer, BenchSettings settings) throws Exception;
}
