package dev.pushwire.core.hub;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a {@link Hub}. Immutable; build with {@link #builder()}, change a copy with {@link #toBuilder()}.
 *
 * <h2>Namespaces</h2>
 * A channel's options come from the namespace pattern with the longest matching prefix: {@code "chat:*"} matches
 * {@code chat:room1}; an exact name matches only itself. Channels matching no pattern use
 * {@link #defaultChannelOptions()}.
 *
 * <h2>Defaults</h2>
 * In-memory broker and presence store (one node), no token verifier (every client is anonymous, so with the default
 * channel options, which refuse anonymous clients, set {@code allowAnonymous} where wanted, or a verifier),
 * {@link ChannelAuthorizer#ALLOW_ALL}, 128 channels per connection, channel names up to 255 characters, slow
 * subscriber threshold 1 MiB of unsent bytes, recovery of at most 10,000 publications, 2 hub threads, 100 publishes
 * a second per connection (bursts of 1,000), 5 s for an asynchronous token check or authorization.
 */
public final class HubOptions {
    /** The defaults listed above. */
    public static final HubOptions DEFAULT = builder().build();

    private final Broker broker;
    private final PresenceStore presenceStore;
    private final TokenVerifier tokenVerifier;
    private final ChannelAuthorizer authorizer;
    private final ChannelOptions defaultChannelOptions;
    private final Map<String, ChannelOptions> namespaces;
    private final int maxChannelsPerConnection;
    private final int maxChannelNameLength;
    private final long slowSubscriberBytes;
    private final int maxRecoveredPublications;
    private final int threads;
    private final Clock clock;
    private final AsyncTokenVerifier asyncTokenVerifier;
    private final AsyncChannelAuthorizer asyncAuthorizer;
    private final java.time.Duration authTimeout;
    private final double publishesPerSecond;
    private final int publishBurst;

    private HubOptions(Builder b) {
        this.broker = b.broker;
        this.presenceStore = b.presenceStore;
        this.tokenVerifier = b.tokenVerifier;
        this.authorizer = b.authorizer;
        this.defaultChannelOptions = b.defaultChannelOptions;
        this.namespaces = Map.copyOf(b.namespaces);
        this.maxChannelsPerConnection = b.maxChannelsPerConnection;
        this.maxChannelNameLength = b.maxChannelNameLength;
        this.slowSubscriberBytes = b.slowSubscriberBytes;
        this.maxRecoveredPublications = b.maxRecoveredPublications;
        this.threads = b.threads;
        this.clock = b.clock;
        this.asyncTokenVerifier = b.asyncTokenVerifier;
        this.asyncAuthorizer = b.asyncAuthorizer;
        this.authTimeout = b.authTimeout;
        this.publishesPerSecond = b.publishesPerSecond;
        this.publishBurst = b.publishBurst;
    }

    /**
     * The token check the hub runs: the asynchronous verifier if one is set, else the synchronous one seen as
     * asynchronous, else null (no tokens).
     */
    public AsyncTokenVerifier effectiveTokenVerifier() {
        if (asyncTokenVerifier != null) {
            return asyncTokenVerifier;
        }
        return tokenVerifier == null ? null : AsyncTokenVerifier.of(tokenVerifier);
    }

    /** The asynchronous token verifier, or null. */
    public AsyncTokenVerifier asyncTokenVerifier() {
        return asyncTokenVerifier;
    }

    /** The asynchronous authorizer, or null (then {@link #authorizer()} decides). */
    public AsyncChannelAuthorizer asyncAuthorizer() {
        return asyncAuthorizer;
    }

    /** How long the hub waits for an asynchronous token check or authorization; default 5 s. */
    public java.time.Duration authTimeout() {
        return authTimeout;
    }

    /** Publishes a second one connection may make, sustained; 0: no limit. Default 100. */
    public double publishesPerSecond() {
        return publishesPerSecond;
    }

    /** Publishes one connection may make at once (the token bucket's size). Default 1,000. */
    public int publishBurst() {
        return publishBurst;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The broker, or null for a new in-memory broker per hub. */
    public Broker broker() {
        return broker;
    }

    /** The presence store, or null for a new in-memory store per hub. */
    public PresenceStore presenceStore() {
        return presenceStore;
    }

    /** The token verifier, or null when tokens are not used (every client is anonymous). */
    public TokenVerifier tokenVerifier() {
        return tokenVerifier;
    }

    /** The per-channel authorizer. */
    public ChannelAuthorizer authorizer() {
        return authorizer;
    }

    /** Options for channels in no namespace. */
    public ChannelOptions defaultChannelOptions() {
        return defaultChannelOptions;
    }

    /** Namespace patterns and their options. */
    public Map<String, ChannelOptions> namespaces() {
        return namespaces;
    }

    /** The options of {@code channel}: its longest matching namespace pattern's, else the default. */
    public ChannelOptions channelOptions(String channel) {
        ChannelOptions exact = namespaces.get(channel);
        if (exact != null) {
            return exact;
        }
        ChannelOptions best = defaultChannelOptions;
        int bestLength = -1;
        for (Map.Entry<String, ChannelOptions> e : namespaces.entrySet()) {
            String pattern = e.getKey();
            if (pattern.endsWith("*")) {
                String prefix = pattern.substring(0, pattern.length() - 1);
                if (channel.startsWith(prefix) && prefix.length() > bestLength) {
                    best = e.getValue();
                    bestLength = prefix.length();
                }
            }
        }
        return best;
    }

    /** How many channels one connection may subscribe to; past it, {@code too_many_channels}. */
    public int maxChannelsPerConnection() {
        return maxChannelsPerConnection;
    }

    /** The longest channel name accepted. */
    public int maxChannelNameLength() {
        return maxChannelNameLength;
    }

    /** Unsent bytes on a subscriber's connection past which the channel's {@link SlowSubscriberPolicy} applies. */
    public long slowSubscriberBytes() {
        return slowSubscriberBytes;
    }

    /** The most publications one recovery may return; a longer gap is answered {@code unrecoverable}. */
    public int maxRecoveredPublications() {
        return maxRecoveredPublications;
    }

    /** Threads the hub uses for fan-out and timers. */
    public int threads() {
        return threads;
    }

    /** The clock for token expiry (and for the default in-memory broker's history age). */
    public Clock clock() {
        return clock;
    }

    /** Builds {@link HubOptions}; every setter documents its default. Not thread safe. */
    public static final class Builder {
        private Broker broker;
        private PresenceStore presenceStore;
        private TokenVerifier tokenVerifier;
        private ChannelAuthorizer authorizer = ChannelAuthorizer.ALLOW_ALL;
        private ChannelOptions defaultChannelOptions = ChannelOptions.DEFAULT;
        private final Map<String, ChannelOptions> namespaces = new LinkedHashMap<>();
        private int maxChannelsPerConnection = 128;
        private int maxChannelNameLength = 255;
        private long slowSubscriberBytes = 1024 * 1024;
        private int maxRecoveredPublications = 10_000;
        private int threads = 2;
        private Clock clock = Clock.systemUTC();
        private AsyncTokenVerifier asyncTokenVerifier;
        private AsyncChannelAuthorizer asyncAuthorizer;
        private java.time.Duration authTimeout = java.time.Duration.ofSeconds(5);
        private double publishesPerSecond = 100;
        private int publishBurst = 1000;

        private Builder() {
        }

        private Builder(HubOptions o) {
            broker = o.broker;
            presenceStore = o.presenceStore;
            tokenVerifier = o.tokenVerifier;
            authorizer = o.authorizer;
            defaultChannelOptions = o.defaultChannelOptions;
            namespaces.putAll(o.namespaces);
            maxChannelsPerConnection = o.maxChannelsPerConnection;
            maxChannelNameLength = o.maxChannelNameLength;
            slowSubscriberBytes = o.slowSubscriberBytes;
            maxRecoveredPublications = o.maxRecoveredPublications;
            threads = o.threads;
            clock = o.clock;
            asyncTokenVerifier = o.asyncTokenVerifier;
            asyncAuthorizer = o.asyncAuthorizer;
            authTimeout = o.authTimeout;
            publishesPerSecond = o.publishesPerSecond;
            publishBurst = o.publishBurst;
        }

        /**
         * An asynchronous token verifier (e.g. one that asks an auth service); when set it is used instead of
         * {@link #tokenVerifier}. Default null.
         */
        public Builder asyncTokenVerifier(AsyncTokenVerifier verifier) {
            this.asyncTokenVerifier = verifier;
            return this;
        }

        /** An asynchronous per-channel authorizer, used instead of {@link #authorizer} when set. Default null. */
        public Builder asyncAuthorizer(AsyncChannelAuthorizer authorizer) {
            this.asyncAuthorizer = authorizer;
            return this;
        }

        /** The deadline of an asynchronous token check or authorization; default 5 s. */
        public Builder authTimeout(java.time.Duration timeout) {
            Objects.requireNonNull(timeout, "authTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("authTimeout must be > 0: " + timeout);
            }
            this.authTimeout = timeout;
            return this;
        }

        /**
         * Publishes per second per connection, in bursts of {@code burst}; past it a publish gets the error
         * {@code rate_limited} (the connection stays open). {@code perSecond} 0 turns the limit off. Default 100 and
         * 1,000.
         */
        public Builder publishRate(double perSecond, int burst) {
            if (perSecond < 0 || Double.isNaN(perSecond) || burst < 1) {
                throw new IllegalArgumentException("publishRate needs perSecond >= 0 and burst >= 1: " + perSecond
                        + ", " + burst);
            }
            this.publishesPerSecond = perSecond;
            this.publishBurst = burst;
            return this;
        }

        /** The broker; default null = a new in-memory broker (history is lost when the hub stops). */
        public Builder broker(Broker broker) {
            this.broker = broker;
            return this;
        }

        /** The presence store; default null = a new in-memory store. */
        public Builder presenceStore(PresenceStore presenceStore) {
            this.presenceStore = presenceStore;
            return this;
        }

        /** The token verifier; default null = no tokens, every client is anonymous. */
        public Builder tokenVerifier(TokenVerifier tokenVerifier) {
            this.tokenVerifier = tokenVerifier;
            return this;
        }

        /** The per-channel authorizer; default {@link ChannelAuthorizer#ALLOW_ALL}. */
        public Builder authorizer(ChannelAuthorizer authorizer) {
            this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
            return this;
        }

        /** Options for channels in no namespace; default {@link ChannelOptions#DEFAULT}. */
        public Builder defaultChannelOptions(ChannelOptions options) {
            this.defaultChannelOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Options for a namespace: {@code "chat:*"} (a prefix pattern) or an exact channel name. */
        public Builder namespace(String pattern, ChannelOptions options) {
            Objects.requireNonNull(pattern, "pattern");
            if (pattern.isEmpty() || pattern.indexOf('*') != pattern.length() - 1 && pattern.contains("*")) {
                throw new IllegalArgumentException("a namespace pattern is a name or a prefix ending in '*': "
                        + pattern);
            }
            namespaces.put(pattern, Objects.requireNonNull(options, "options"));
            return this;
        }

        /** Channels per connection; default 128. */
        public Builder maxChannelsPerConnection(int max) {
            this.maxChannelsPerConnection = positive(max, "maxChannelsPerConnection");
            return this;
        }

        /** Longest channel name; default 255. */
        public Builder maxChannelNameLength(int max) {
            this.maxChannelNameLength = positive(max, "maxChannelNameLength");
            return this;
        }

        /** Slow-subscriber threshold in unsent bytes; default 1 MiB. */
        public Builder slowSubscriberBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("slowSubscriberBytes must not be negative: " + bytes);
            }
            this.slowSubscriberBytes = bytes;
            return this;
        }

        /** Most publications returned by one recovery; default 10,000. */
        public Builder maxRecoveredPublications(int max) {
            this.maxRecoveredPublications = positive(max, "maxRecoveredPublications");
            return this;
        }

        /** Hub threads for fan-out and timers; default 2. */
        public Builder threads(int threads) {
            this.threads = positive(threads, "threads");
            return this;
        }

        /** The clock; default {@link Clock#systemUTC()}. Tests inject their own. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public HubOptions build() {
            return new HubOptions(this);
        }

        private static int positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1: " + value);
            }
            return value;
        }
    }
}
