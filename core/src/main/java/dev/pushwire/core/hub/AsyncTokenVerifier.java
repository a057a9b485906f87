package dev.pushwire.core.hub;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The asynchronous form of {@link TokenVerifier}: checks a connection token without holding an I/O thread, e.g. by
 * asking an auth service or fetching signing keys. Set it with {@link HubOptions.Builder#asyncTokenVerifier}; the
 * hub waits at most {@link HubOptions#authTimeout()} for the answer (then the client gets {@code auth_unavailable}
 * and, on connect, a close with 1013 so it retries later).
 *
 * <p>Threading: called on the connection's I/O thread; must return at once. The stage may complete on any thread.
 * The hub handles the connection's later commands after this one's answer, in order.
 */
@FunctionalInterface
public interface AsyncTokenVerifier {
    /**
     * @return a stage completed with the token's credentials, or completed exceptionally with an
     *         {@link InvalidTokenException} (any other failure is reported as {@code auth_unavailable})
     */
    CompletionStage<Credentials> verifyAsync(String token);

    /** A synchronous verifier seen as an asynchronous one (it runs on the calling thread). */
    static AsyncTokenVerifier of(TokenVerifier verifier) {
        return token -> {
            try {
                return CompletableFuture.completedFuture(verifier.verify(token));
            } catch (InvalidTokenException e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }
}
