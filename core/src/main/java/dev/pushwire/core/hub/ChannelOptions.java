package dev.pushwire.core.hub;

import java.time.Duration;
import java.util.Objects;

/**
 * How the hub treats the channels of one namespace (see {@link HubOptions.Builder#namespace}). Immutable; build
 * with {@link #builder()}, change a copy with {@link #toBuilder()}.
 *
 * <p>Defaults ({@link #DEFAULT}): history of 100 publications kept up to 5 minutes, presence with join and leave
 * events on, anonymous clients refused, clients may publish, slow subscribers closed
 * ({@link SlowSubscriberPolicy#CLOSE}), a queue of 64 publications for the drop policies.
 */
public final class ChannelOptions {
    /** The defaults listed above. */
    public static final ChannelOptions DEFAULT = builder().build();

    private final int historySize;
    private final Duration historyTtl;
    private final boolean presence;
    private final boolean joinLeave;
    private final boolean allowAnonymous;
    private final boolean clientPublish;
    private final SlowSubscriberPolicy slowSubscriberPolicy;
    private final int slowSubscriberQueue;

    private ChannelOptions(Builder b) {
        this.historySize = b.historySize;
        this.historyTtl = b.historyTtl;
        this.presence = b.presence;
        this.joinLeave = b.joinLeave;
        this.allowAnonymous = b.allowAnonymous;
        this.clientPublish = b.clientPublish;
        this.slowSubscriberPolicy = b.slowSubscriberPolicy;
        this.slowSubscriberQueue = b.slowSubscriberQueue;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** How many publications a channel keeps for history and recovery; 0 keeps none (recovery then fails). */
    public int historySize() {
        return historySize;
    }

    /** How long a publication stays in history. */
    public Duration historyTtl() {
        return historyTtl;
    }

    /** Whether the hub tracks who is subscribed (the {@code presence} command and API). */
    public boolean presence() {
        return presence;
    }

    /** Whether subscribers get {@code join} and {@code leave} pushes. */
    public boolean joinLeave() {
        return joinLeave;
    }

    /** Whether clients without a token may subscribe, read history and presence (and publish if allowed). */
    public boolean allowAnonymous() {
        return allowAnonymous;
    }

    /** Whether clients may publish over their connection (the server API always may). */
    public boolean clientPublish() {
        return clientPublish;
    }

    /** What happens to a subscriber that cannot keep up. */
    public SlowSubscriberPolicy slowSubscriberPolicy() {
        return slowSubscriberPolicy;
    }

    /** How many publications {@link SlowSubscriberPolicy#DROP_OLDEST} keeps for a slow subscriber. */
    public int slowSubscriberQueue() {
        return slowSubscriberQueue;
    }

    @Override
    public String toString() {
        return "ChannelOptions{historySize=" + historySize + ", historyTtl=" + historyTtl + ", presence=" + presence
                + ", joinLeave=" + joinLeave + ", allowAnonymous=" + allowAnonymous + ", clientPublish="
                + clientPublish + ", slowSubscriberPolicy=" + slowSubscriberPolicy + "}";
    }

    /** Builds {@link ChannelOptions}; every setter documents its default. Not thread safe. */
    public static final class Builder {
        private int historySize = 100;
        private Duration historyTtl = Duration.ofMinutes(5);
        private boolean presence = true;
        private boolean joinLeave = true;
        private boolean allowAnonymous;
        private boolean clientPublish = true;
        private SlowSubscriberPolicy slowSubscriberPolicy = SlowSubscriberPolicy.CLOSE;
        private int slowSubscriberQueue = 64;

        private Builder() {
        }

        private Builder(ChannelOptions o) {
            historySize = o.historySize;
            historyTtl = o.historyTtl;
            presence = o.presence;
            joinLeave = o.joinLeave;
            allowAnonymous = o.allowAnonymous;
            clientPublish = o.clientPublish;
            slowSubscriberPolicy = o.slowSubscriberPolicy;
            slowSubscriberQueue = o.slowSubscriberQueue;
        }

        /** Publications kept per channel; default 100; 0 disables history and recovery. */
        public Builder historySize(int size) {
            if (size < 0) {
                throw new IllegalArgumentException("historySize must not be negative: " + size);
            }
            this.historySize = size;
            return this;
        }

        /** How long a publication stays in history; default 5 minutes. */
        public Builder historyTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("historyTtl must be positive: " + ttl);
            }
            this.historyTtl = ttl;
            return this;
        }

        /** Presence tracking; default on. */
        public Builder presence(boolean presence) {
            this.presence = presence;
            return this;
        }

        /** Join and leave pushes; default on. */
        public Builder joinLeave(boolean joinLeave) {
            this.joinLeave = joinLeave;
            return this;
        }

        /** Access for clients without a token; default off. */
        public Builder allowAnonymous(boolean allowAnonymous) {
            this.allowAnonymous = allowAnonymous;
            return this;
        }

        /** Publishing by clients over their connection; default on. */
        public Builder clientPublish(boolean clientPublish) {
            this.clientPublish = clientPublish;
            return this;
        }

        /** The slow-subscriber policy; default {@link SlowSubscriberPolicy#CLOSE}. */
        public Builder slowSubscriberPolicy(SlowSubscriberPolicy policy) {
            this.slowSubscriberPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Queue length for {@link SlowSubscriberPolicy#DROP_OLDEST}; default 64. */
        public Builder slowSubscriberQueue(int length) {
            if (length < 1) {
                throw new IllegalArgumentException("slowSubscriberQueue must be at least 1: " + length);
            }
            this.slowSubscriberQueue = length;
            return this;
        }

        public ChannelOptions build() {
            return new ChannelOptions(this);
        }
    }
}
