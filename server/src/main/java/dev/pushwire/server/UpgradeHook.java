package dev.pushwire.server;

import dev.pushwire.core.HandshakeRequest;

/**
 * Decides whether a WebSocket handshake may proceed (authentication, rate limits, ...). Runs after the origin and
 * version checks and before the connection is counted against {@code maxConnections}.
 *
 * <p>Threading: runs on the connection's event loop; it must not block (check a token, do not call a database). To
 * call a service, use {@link AsyncUpgradeHook} ({@link PushwireServer.Builder#asyncUpgradeHook}).
 */
@FunctionalInterface
public interface UpgradeHook {
    /** Accept the default: every handshake. */
    UpgradeHook ACCEPT_ALL = request -> UpgradeDecision.accept();

    /**
     * @return {@link UpgradeDecision#accept()} or a rejection with an HTTP status and body; an exception thrown here
     *         rejects the handshake with 500
     */
    UpgradeDecision decide(HandshakeRequest request);
}
