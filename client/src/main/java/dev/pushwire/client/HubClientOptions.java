package dev.pushwire.client;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a {@link HubClient} connects. Immutable; build with {@link #builder()}.
 *
 * <p>Defaults: no token (anonymous), {@link ClientOptions#DEFAULT}, reconnect after 250 ms doubling up to 10 s with
 * up to 50 % random jitter.
 */
public final class HubClientOptions {
    /** The defaults listed above. */
    public static final HubClientOptions DEFAULT = builder().build();

    private final Supplier<String> tokens;
    private final ClientOptions clientOptions;
    private final Duration reconnectMinDelay;
    private final Duration reconnectMaxDelay;

    private HubClientOptions(Builder b) {
        this.tokens = b.tokens;
        this.clientOptions = b.clientOptions;
        this.reconnectMinDelay = b.reconnectMinDelay;
        this.reconnectMaxDelay = b.reconnectMaxDelay;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where connection tokens come from (asked on every connect and before expiry), or null. */
    public Supplier<String> tokens() {
        return tokens;
    }

    /** The WebSocket options of each connection. */
    public ClientOptions clientOptions() {
        return clientOptions;
    }

    /** The first reconnect delay. */
    public Duration reconnectMinDelay() {
        return reconnectMinDelay;
    }

    /** The longest reconnect delay. */
    public Duration reconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    /** Builds {@link HubClientOptions}. Not thread safe. */
    public static final class Builder {
        private Supplier<String> tokens;
        private ClientOptions clientOptions = ClientOptions.DEFAULT;
        private Duration reconnectMinDelay = Duration.ofMillis(250);
        private Duration reconnectMaxDelay = Duration.ofSeconds(10);

        private Builder() {
        }

        /** A fixed connection token (a JWT from your backend); default none. */
        public Builder token(String token) {
            Objects.requireNonNull(token, "token");
            this.tokens = () -> token;
            return this;
        }

        /**
         * A source of fresh tokens: called on every connect, and before the current token expires (the client then
         * refreshes in band without reconnecting). Called on a client thread; it may block briefly.
         */
        public Builder tokens(Supplier<String> tokens) {
            this.tokens = tokens;
            return this;
        }

        /** WebSocket options; default {@link ClientOptions#DEFAULT}. */
        public Builder clientOptions(ClientOptions options) {
            this.clientOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Reconnect delays: from {@code min}, doubling, up to {@code max}; defaults 250 ms and 10 s. */
        public Builder reconnectDelay(Duration min, Duration max) {
            if (min.isNegative() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("need 0 <= min <= max, got " + min + " and " + max);
            }
            this.reconnectMinDelay = min;
            this.reconnectMaxDelay = max;
            return this;
        }

        public HubClientOptions build() {
            return new HubClientOptions(this);
        }
    }
}
