package dev.pushwire.core.hub;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What a valid connection token says about its bearer. Immutable.
 *
 * @param userId    the user (the JWT {@code sub}); never null or empty
 * @param expiresAt when the token expires (the JWT {@code exp}); null for a token that does not expire
 * @param channels  the channels (exact names or {@code prefix*} patterns) the token is limited to, or null for no
 *                  limit beyond the namespaces' rules and the {@link ChannelAuthorizer}
 * @param info      application data to show in presence and on publications, as raw JSON text, or null
 */
public record Credentials(String userId, Instant expiresAt, Set<String> channels, String info) {
    public Credentials {
        Objects.requireNonNull(userId, "userId");
        if (userId.isEmpty()) {
            throw new IllegalArgumentException("userId must not be empty");
        }
        channels = channels == null ? null : Set.copyOf(channels);
    }

    /** Whether the token's channel claims allow {@code channel}. */
    public boolean allowsChannel(String channel) {
        if (channels == null) {
            return true;
        }
        for (String pattern : channels) {
            if (pattern.endsWith("*") ? channel.startsWith(pattern.substring(0, pattern.length() - 1))
                    : pattern.equals(channel)) {
                return true;
            }
        }
        return false;
    }
}
