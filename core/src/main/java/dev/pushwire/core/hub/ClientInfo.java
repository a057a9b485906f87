package dev.pushwire.core.hub;

import java.util.Objects;

/**
 * Who a hub client is: the id of its connection, the user its token named, and optional application data from the
 * token's {@code info} claim. Shown in presence lists, join and leave events, and on publications a client made.
 * Immutable.
 *
 * @param clientId the connection's id, unique within the server process (never null)
 * @param userId   the token's subject, or the empty string for an anonymous client (never null)
 * @param info     application data as raw JSON text, or null
 */
public record ClientInfo(String clientId, String userId, String info) {
    public ClientInfo {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(userId, "userId");
    }

    /** Whether the client connected without a token. */
    public boolean isAnonymous() {
        return userId.isEmpty();
    }
}
