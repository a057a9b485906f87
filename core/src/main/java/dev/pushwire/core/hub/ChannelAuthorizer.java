package dev.pushwire.core.hub;

/**
 * The application's per-channel decision: may this client do this on this channel? Asked after the token's own
 * channel claims and the namespace's anonymous rule have allowed it.
 *
 * <p>Threading: called on the client connection's I/O thread for every subscribe, publish, history and presence
 * request. It must be quick and must not block (keep the rules in memory); it may be called concurrently for
 * different clients. An exception counts as a refusal. To ask another service, use {@link AsyncChannelAuthorizer}.
 */
@FunctionalInterface
public interface ChannelAuthorizer {

    /** What a client asks to do. */
    enum Action {
        SUBSCRIBE, PUBLISH, HISTORY, PRESENCE
    }

    /** Allows everything the token and namespace allow. */
    ChannelAuthorizer ALLOW_ALL = (client, channel, action) -> true;

    /**
     * @return true to allow; false to refuse with the {@code forbidden} error
     */
    boolean authorize(ClientInfo client, String channel, Action action);
}
