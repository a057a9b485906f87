package dev.pushwire.server.internal;

import dev.pushwire.core.HandshakeRequest;
import dev.pushwire.server.AsyncUpgradeHook;
import dev.pushwire.server.UpgradeDecision;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the server's upgrade hook with its deadline: a synchronous hook answers at once; an asynchronous one gets at
 * most {@code timeout}, after which the stage fails with a {@link java.util.concurrent.TimeoutException}. Thread safe.
 */
public final class UpgradeDecider {
    private final AsyncUpgradeHook hook;
    private final Duration timeout;

    UpgradeDecider(AsyncUpgradeHook hook, Duration timeout) {
        this.hook = hook;
        this.timeout = timeout;
    }

    /** The decision on {@code request}; never throws (a throwing hook gives a failed stage). */
    public CompletableFuture<UpgradeDecision> decide(HandshakeRequest request) {
        CompletableFuture<UpgradeDecision> f;
        try {
            f = hook.decideAsync(request).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return f.isDone() ? f : f.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The deadline of an asynchronous hook. */
    public Duration timeout() {
        return timeout;
    }

    /** The cause of a failed decision, unwrapped. */
    public static Throwable cause(Throwable t) {
        Throwable c = t;
        while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
