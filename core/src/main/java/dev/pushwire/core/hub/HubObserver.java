package dev.pushwire.core.hub;

/**
 * Timings and events of a {@link Hub} that a metrics binding records ({@link Hub#observe}); the server's meter
 * binding turns them into histograms and counters (docs/operations.md). Every method has a no-op default.
 *
 * <p>Threading: called from hub threads, broker callbacks and event loops, concurrently; implementations must be
 * thread safe, quick and must not block (record into a histogram or an adder, nothing more).
 */
public interface HubObserver {
    /** Observes nothing. */
    HubObserver NONE = new HubObserver() {
    };

    /**
     * A publication was written to a subscriber's socket (or its HTTP session's queue), {@code nanos} after the
     * broker accepted it. The part before this node received it from the broker comes from the broker's wall-clock
     * time ({@link Publication#time()}, milliseconds); the part on this node is measured in nanoseconds. Sampled:
     * up to nine subscribers of each publication on this node are measured, always including the last one in
     * fan-out order.
     */
    default void delivered(long nanos) {
    }

    /** The broker answered a publish {@code nanos} after the hub handed it over (stored and delivered). */
    default void brokerRoundTrip(long nanos) {
    }

    /** A push for a slow subscriber was dropped by its namespace's policy (drop-oldest or latest-value). */
    default void pushDropped() {
    }
}
