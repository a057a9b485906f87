package dev.pushwire.server;

import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.websocket.DeflateOptions;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one WebSocket endpoint. Immutable; {@link #DEFAULT} has no subprotocols and uses the server's limits
 * and deflate settings.
 */
public final class EndpointOptions {
    /** No subprotocols; the server's limits and deflate options. */
    public static final EndpointOptions DEFAULT = builder().build();

    private final List<String> subprotocols;
    private final ConnectionLimits limits;
    private final DeflateOptions deflate;
    private final boolean pauseReadingWhileUnwritable;

    private EndpointOptions(Builder b) {
        this.subprotocols = b.subprotocols;
        this.limits = b.limits;
        this.deflate = b.deflate;
        this.pauseReadingWhileUnwritable = b.pauseReadingWhileUnwritable;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The subprotocols this endpoint speaks, most preferred first. The server picks the first of these that the
     * client offered; if the client offered none of them (or none at all) the connection opens without a
     * subprotocol ({@code protocol()} is empty), as in {@code ws}. Default: none.
     */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** Limits for this endpoint's connections; null (the default) means the server's. */
    public ConnectionLimits limits() {
        return limits;
    }

    /** permessage-deflate for this endpoint; null (the default) means the server's. */
    public DeflateOptions deflate() {
        return deflate;
    }

    /**
     * Whether each connection of this endpoint stops reading while it is not writable: {@link
     * dev.pushwire.core.Connection#pauseReading()} when {@link dev.pushwire.core.Connection#isWritable()} turns
     * false, {@link dev.pushwire.core.Connection#resumeReading()} when it turns true again. Right for a handler
     * whose sends answer the same connection's messages (an echo, request/response): a peer that sends faster than
     * it reads the answers is slowed down instead of closed as a slow consumer, and memory stays at the water
     * marks. Wrong for connections that receive what others push (a broadcast): there it changes nothing, since
     * their sends do not come from their reads. Applies on every transport. Default: false.
     */
    public boolean pauseReadingWhileUnwritable() {
        return pauseReadingWhileUnwritable;
    }

    /** Builds {@link EndpointOptions}. */
    public static final class Builder {
        private List<String> subprotocols = List.of();
        private ConnectionLimits limits;
        private DeflateOptions deflate;
        private boolean pauseReadingWhileUnwritable;

        private Builder() {
        }

        private Builder(EndpointOptions o) {
            subprotocols = o.subprotocols;
            limits = o.limits;
            deflate = o.deflate;
            pauseReadingWhileUnwritable = o.pauseReadingWhileUnwritable;
        }

        public Builder subprotocols(String... protocols) {
            return subprotocols(List.of(protocols));
        }

        public Builder subprotocols(List<String> protocols) {
            for (String p : protocols) {
                if (p.isEmpty() || p.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0)) {
                    throw new IllegalArgumentException("subprotocol \"" + p + "\" is not an HTTP token");
                }
            }
            this.subprotocols = List.copyOf(protocols);
            return this;
        }

        public Builder limits(ConnectionLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        public Builder deflate(DeflateOptions deflate) {
            this.deflate = Objects.requireNonNull(deflate, "deflate");
            return this;
        }

        /** See {@link EndpointOptions#pauseReadingWhileUnwritable()}. */
        public Builder pauseReadingWhileUnwritable(boolean pause) {
            this.pauseReadingWhileUnwritable = pause;
            return this;
        }

        public EndpointOptions build() {
            return new EndpointOptions(this);
        }
    }
}
