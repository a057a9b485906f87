package dev.pushwire.core.hub;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The asynchronous form of {@link ChannelAuthorizer}, for rules kept in another service. Set it with
 * {@link HubOptions.Builder#asyncAuthorizer}; the hub waits at most {@link HubOptions#authTimeout()} for it (then the
 * command gets {@code auth_unavailable}, and the client may try again).
 *
 * <p>Threading: called on the connection's I/O thread; must return at once. The stage may complete on any thread.
 * A connection's commands are handled in order: a command waits for the one before it to be authorized.
 */
@FunctionalInterface
public interface AsyncChannelAuthorizer {
    /** @return a stage completed with true to allow, false to refuse with {@code forbidden} */
    CompletionStage<Boolean> authorizeAsync(ClientInfo client, String channel, ChannelAuthorizer.Action action);

    /** A synchronous authorizer seen as an asynchronous one (it runs on the calling thread). */
    static AsyncChannelAuthorizer of(ChannelAuthorizer authorizer) {
        return (client, channel, action) -> {
            try {
                return CompletableFuture.completedFuture(authorizer.authorize(client, channel, action));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }
}
