package dev.pushwire.server.internal.http;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The meters of HTTP sessions across nodes (docs/operations.md), read from {@link SessionForwarding} at scrape. */
public final class ForwardingMeters {
    private ForwardingMeters() {
    }

    /** Registers the forwarding meters of {@code forwarding} in {@code registry}. */
    public static void bind(MeterRegistry registry, SessionForwarding forwarding) {
        FunctionCounter.builder("pushwire.sessions.forwarded", forwarding, SessionForwarding::forwardedCount)
                .description("HTTP-session requests this node received and forwarded to the node holding the session")
                .register(registry);
        FunctionCounter.builder("pushwire.sessions.node.gone", forwarding, SessionForwarding::nodeGoneCount)
                .description("Forwarded requests answered 4010: the node holding the session is gone")
                .register(registry);
        FunctionCounter.builder("pushwire.sessions.relays.broken", forwarding, SessionForwarding::brokenCount)
                .description("Relayed answers cut so the client asks again (a part lost, the owner silent or dead)")
                .register(registry);
        Gauge.builder("pushwire.sessions.relays.open", forwarding, SessionForwarding::openRelays)
                .description("Forwarded requests waiting for (more of) their answer on this node")
                .strongReference(true).register(registry);
    }
}
