package dev.pushwire.core.hub;

import dev.pushwire.core.hub.internal.MemoryBroker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * What crosses nodes: publications with their history, and join/leave events. One broker serves one node (one
 * {@link Hub}); a shared backend (Redis) lets many nodes serve the same channels.
 *
 * <h2>Contract</h2>
 * Every implementation must pass the contract suite {@code BrokerContractTest} (in core's test jar):
 * <ul>
 *   <li>{@link #publish} assigns the channel's next offset (1, 2, 3, ... within an epoch), appends the publication
 *       to history and hands it to every node subscribed to the channel, as one atomic step per channel: two
 *       publishers never get the same offset, and every node sees a channel's publications in offset order.</li>
 *   <li>History keeps at most {@link PublishOptions#historySize()} publications, each for at most
 *       {@link PublishOptions#historyTtl()}; older ones are gone, but offsets keep counting.</li>
 *   <li>A channel's epoch is fixed for the life of its stream, also before its first publication (so a subscriber
 *       of an empty channel can recover later); it changes only when the stream is lost or removed.</li>
 *   <li>The {@link EventHandler} is called only for channels this node {@link #subscribe}d to, and for one channel
 *       never concurrently, in offset order.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * Every method may be called from any thread, including event loops, and must not block: results come as futures,
 * which may complete on any thread (or already be complete). Handler calls must be quick; the hub only queues.
 */
public interface Broker extends AutoCloseable {

    /** A new in-memory broker: history lives in this process and is lost with it (a restart starts new epochs). */
    static Broker memory(Clock clock) {
        return new MemoryBroker(clock);
    }

    /** Receives what the broker delivers to this node. Calls for one channel are serial and in order. */
    interface EventHandler {
        void onPublication(Publication publication);

        void onJoin(String channel, ClientInfo client);

        void onLeave(String channel, ClientInfo client);

        /**
         * Publications of {@code channel} were lost on their way to this node and cannot be read back (history no
         * longer holds them, or the stream was lost and {@code continueAfter} names its new epoch). Delivery goes on
         * with the publication after {@code continueAfter}. A broker whose delivery cannot lose anything (the
         * in-memory one) never calls it.
         *
         * @param reason what happened, for the subscribers and the log
         */
        default void onUnrecoverable(String channel, StreamPosition continueAfter, String reason) {
        }
    }

    /**
     * How long a broker remembers an idempotency key ({@link PublishOptions#idempotencyKey()}): a retry within it is
     * answered with the first publication's position instead of being published again.
     */
    Duration IDEMPOTENCY_WINDOW = Duration.ofMinutes(5);

    /**
     * Per-publish settings (from the channel's namespace).
     *
     * @param historySize    publications to keep (0 = none)
     * @param historyTtl     how long each stays
     * @param info           the publishing client, or null
     * @param idempotencyKey null, or a key (1-128 characters) naming this publish: a publish to the same channel
     *                       with a key seen within {@link #IDEMPOTENCY_WINDOW} is not stored or delivered again; it
     *                       completes with the position of the first one. Lets a publisher retry after a timeout
     *                       without duplicates.
     */
    record PublishOptions(int historySize, Duration historyTtl, ClientInfo info, String idempotencyKey) {
        /** The longest idempotency key accepted. */
        public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 128;

        public PublishOptions {
            Objects.requireNonNull(historyTtl, "historyTtl");
            if (idempotencyKey != null && (idempotencyKey.isEmpty()
                    || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
                throw new IllegalArgumentException("an idempotency key must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH
                        + " characters");
            }
        }

        /** Options without an idempotency key. */
        public PublishOptions(int historySize, Duration historyTtl, ClientInfo info) {
            this(historySize, historyTtl, info, null);
        }

        /** The options a channel's namespace gives, for a publication by {@code info} (null: the server). */
        public static PublishOptions of(ChannelOptions options, ClientInfo info) {
            return new PublishOptions(options.historySize(), options.historyTtl(), info);
        }

        /** These options with {@code key} as the idempotency key (null: none). */
        public PublishOptions withIdempotencyKey(String key) {
            return new PublishOptions(historySize, historyTtl, info, key);
        }
    }

    /**
     * What to read from history.
     *
     * @param since only publications after this offset (its epoch is not checked by the broker; the caller compares
     *              it with the result's top); null for the oldest held
     * @param limit at most this many publications (oldest first); 0 for none (just the top position); -1 for all
     */
    record HistoryQuery(StreamPosition since, int limit) {
        public HistoryQuery {
            if (limit < -1) {
                throw new IllegalArgumentException("limit must be -1 (all), 0 (none) or positive: " + limit);
            }
        }
    }

    /**
     * History read back.
     *
     * @param publications the publications asked for, oldest first
     * @param top          the stream's epoch and the offset of its latest publication (0 if none yet)
     */
    record HistoryResult(List<Publication> publications, StreamPosition top) {
        public HistoryResult {
            publications = List.copyOf(publications);
            Objects.requireNonNull(top, "top");
        }
    }

    /** Sets the handler; called once, before anything else. */
    void start(EventHandler handler);

    /** This node wants {@code channel}'s publications and join/leave events. Idempotent. */
    CompletableFuture<Void> subscribe(String channel);

    /** This node no longer wants {@code channel}. Idempotent. */
    CompletableFuture<Void> unsubscribe(String channel);

    /**
     * Appends {@code data} (raw JSON) to the channel's history and delivers it; completes with its position. While the
     * backend is unreachable the future fails soon (a bounded timeout, not minutes) with
     * {@link BrokerUnavailableException}.
     */
    CompletableFuture<StreamPosition> publish(String channel, String data, PublishOptions options);

    /** Delivers a join event to every node subscribed to {@code channel}. */
    CompletableFuture<Void> publishJoin(String channel, ClientInfo client);

    /** Delivers a leave event to every node subscribed to {@code channel}. */
    CompletableFuture<Void> publishLeave(String channel, ClientInfo client);

    /** Reads history; never fails for an unknown channel (it gets a stream and an epoch). */
    CompletableFuture<HistoryResult> history(String channel, HistoryQuery query);

    /** Drops the channel's stream: its history, offsets and epoch. The next use starts a new epoch. */
    CompletableFuture<Void> removeHistory(String channel);

    /**
     * Whether the broker reaches its backend now: always true in memory; false while a shared backend (Redis) is
     * unreachable, which makes a node report itself not ready ({@code /health/ready}) and refuse publishes with 503.
     */
    default boolean isAvailable() {
        return true;
    }

    /** Releases resources; called by {@link Hub#close()}. */
    @Override
    void close();
}
