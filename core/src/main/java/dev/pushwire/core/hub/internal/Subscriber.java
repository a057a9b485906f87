package dev.pushwire.core.hub.internal;

import dev.pushwire.core.CloseCode;
import dev.pushwire.core.Connection;
import dev.pushwire.core.Message;
import dev.pushwire.core.SendCallback;
import dev.pushwire.core.hub.ChannelOptions;
import dev.pushwire.core.hub.Publication;
import dev.pushwire.core.hub.SlowSubscriberPolicy;
import dev.pushwire.core.hub.StreamPosition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection's subscription to one channel on this node. Starts {@link State#PENDING} (live publications are
 * buffered while history is read), turns {@link State#LIVE} once the subscribe reply went out, ends
 * {@link State#CLOSED}.
 *
 * <p>Threading: {@link #state} is volatile for fan-out's reads; its transitions (with the presence bookkeeping tied to
 * them) happen under the subscriber's lock. Everything else is confined to the channel's serial executor
 * ({@link LocalChannel#execute}).
 */
final class Subscriber {
    enum State { PENDING, LIVE, CLOSED }

    final ClientSession session;
    final String channel;
    final ChannelOptions options;
    private final long slowBytes;
    private final int maxBuffered;
    /** Set by {@link HubEngine#attach} before the subscriber is shared. */
    LocalChannel local;
    volatile State state = State.PENDING;
    /** Live publications that arrived while PENDING; channel-executor confined. */
    private List<Publication> buffer = new ArrayList<>();
    /** Pushes held back from a slow connection under a drop policy; channel-executor confined. */
    private final ArrayDeque<Message> outbox = new ArrayDeque<>();
    /** Set once the connection was closed as too slow; channel-executor confined. */
    private boolean closedSlow;

    Subscriber(ClientSession session, String channel, ChannelOptions options, long slowBytes, int maxBuffered) {
        this.session = session;
        this.channel = channel;
        this.options = options;
        this.slowBytes = slowBytes;
        this.maxBuffered = maxBuffered;
    }

    /** A loss the broker reported while PENDING, told with the subscribe reply; channel-executor confined. */
    private StreamPosition lossAfter;
    private String lossReason;

    /** Remembers a loss reported while PENDING (the latest wins). */
    void noteLoss(StreamPosition continueAfter, String reason) {
        lossAfter = continueAfter;
        lossReason = reason;
    }

    /** The loss noted while PENDING, or null; its reason is {@link #lossReason()}. */
    StreamPosition lossAfter() {
        return lossAfter;
    }

    String lossReason() {
        return lossReason;
    }

    /** Keeps a live publication for the hand-over; closes the client if recovery takes too long. */
    void buffer(Publication p) {
        buffer.add(p);
        if (buffer.size() > maxBuffered) {
            closeSlow();
        }
    }

    /** Takes the buffered publications (once) when turning live. */
    List<Publication> takeBuffer() {
        List<Publication> taken = buffer;
        buffer = List.of();
        return taken;
    }

    /**
     * Sends a live push (publication, join, leave) under the namespace's slow-subscriber policy; {@code written}
     * (may be null) hears when it was written, if it was sent now.
     */
    void send(Message push, SendCallback written) {
        Connection conn = session.connection();
        switch (options.slowSubscriberPolicy()) {
            case CLOSE -> {
                if (closedSlow) {
                    return;
                }
                if (conn.bufferedAmount() > slowBytes) {
                    closeSlow();
                } else {
                    conn.send(push, written);
                }
            }
            case DROP_OLDEST, LATEST_VALUE -> {
                if (outbox.isEmpty() && conn.bufferedAmount() <= slowBytes) {
                    conn.send(push, written == null ? this::onWritten : error -> {
                        written.onComplete(error);
                        onWritten(error);
                    });
                    return;
                }
                int keep = options.slowSubscriberPolicy() == SlowSubscriberPolicy.LATEST_VALUE
                        ? 1 : options.slowSubscriberQueue();
                outbox.addLast(push);
                while (outbox.size() > keep) {
                    outbox.removeFirst();
                    session.hub().counters.pushesDropped.increment();
                    session.hub().observer.pushDropped();
                }
            }
        }
    }

    private void onWritten(Throwable error) {
        if (error == null && state == State.LIVE) {
            local.execute(this::drain);
        }
    }

    /** Sends held-back pushes while the connection has room. Channel-executor confined. */
    private void drain() {
        Connection conn = session.connection();
        while (!outbox.isEmpty() && state == State.LIVE && conn.bufferedAmount() <= slowBytes) {
            conn.send(outbox.removeFirst(), this::onWritten);
        }
    }

    /** Closes the connection (its close then ends every subscription, with presence). Channel-executor confined. */
    private void closeSlow() {
        if (closedSlow) {
            return;
        }
        closedSlow = true;
        session.connection().close(CloseCode.SLOW_CONSUMER,
                "too slow for channel " + truncate(channel) + "; reconnect and recover");
    }

    private static String truncate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60);
    }
}
