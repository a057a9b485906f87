package dev.pushwire.server;

import dev.pushwire.core.HandshakeRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The asynchronous form of {@link UpgradeHook}: decides a WebSocket handshake (or an HTTP session's opening request)
 * without holding the event loop, e.g. by asking an auth service about a cookie. Set it with
 * {@link PushwireServer.Builder#asyncUpgradeHook}; the server waits at most
 * {@link PushwireServer.Builder#upgradeHookTimeout} (default 5 s) and then answers 503 {@code upgrade_hook_timeout}
 * with {@code Retry-After}.
 *
 * <p>Threading: called on the connection's event loop; must return at once. The stage may complete on any thread;
 * the server goes on with the handshake on the event loop. A stage completed exceptionally rejects with 500.
 */
@FunctionalInterface
public interface AsyncUpgradeHook {
    /** @return a stage completed with {@link UpgradeDecision#accept()} or a rejection */
    CompletionStage<UpgradeDecision> decideAsync(HandshakeRequest request);

    /** A synchronous hook seen as an asynchronous one (it runs on the event loop). */
    static AsyncUpgradeHook of(UpgradeHook hook) {
        return request -> {
            try {
                return CompletableFuture.completedFuture(hook.decide(request));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }
}
