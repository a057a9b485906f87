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
    /** Bytes of {@link #buffer} (estimated as JSON); channel-executor confined. */
    private long bufferedBytes;
    /** Pushes the drop policy discarded since the client was last told; channel-executor confined. */
    private long dropped;
    /** Recovered publications still to send before turning live (a paged recovery); channel-executor confined. */
    private ArrayDeque<Publication> recovering;
    /** Offset of the last publication handed to the client (for the buffered ones after a paged recovery). */
    private long recoveredUpTo;
    /** Turns the subscriber live once a paged recovery is sent; channel-executor confined. */
    private Runnable onRecovered;

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

    /**
     * Keeps a live publication for the hand-over; closes the client (4000, it recovers by offset) if recovery takes
     * so long that more than {@code maxRecoveredPublications} or {@code slowSubscriberBytes} pile up.
     */
    void buffer(Publication p) {
        if (closedSlow) {
            return; // closing: it recovers by offset; the buffer must not grow past its limit meanwhile
        }
        buffer.add(p);
        bufferedBytes += sizeOf(p);
        if (buffer.size() > maxBuffered || bufferedBytes > Math.max(slowBytes, 64 * 1024)) {
            closeSlow();
        } else if (recovering != null) {
            continueRecovery(); // a nudge, should the connection have drained without telling this channel
        }
    }

    /** Whether a paged recovery is still being sent. Channel-executor confined. */
    boolean recovering() {
        return recovering != null;
    }

    /** Takes the buffered publications (once) when turning live. */
    List<Publication> takeBuffer() {
        List<Publication> taken = buffer;
        buffer = List.of();
        bufferedBytes = 0;
        return taken;
    }

    /**
     * Sends a live push (publication, join, leave) under the namespace's slow-subscriber policy; {@code written}
     * (may be null) hears when it was written, if it was sent now.
     */
    void send(Message push, SendCallback written) {
        if (closedSlow) {
            return; // closing: it recovers by offset, so nothing after a gap may reach it first
        }
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
                    dropped++;
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

    /**
     * The connection became writable again (any thread): held-back pushes and a paged recovery go on, even when no
     * send of this channel is in flight to call back (the connection may have been filled by another channel).
     */
    void onWritable() {
        if (local != null && state != State.CLOSED) {
            local.execute(() -> {
                continueRecovery();
                drain();
            });
        }
    }

    /**
     * Sends held-back pushes while the connection has room, first telling the client how many were dropped, if
     * any. Channel-executor confined.
     */
    private void drain() {
        Connection conn = session.connection();
        while (!outbox.isEmpty() && state == State.LIVE && conn.bufferedAmount() <= slowBytes) {
            if (dropped > 0) {
                conn.send(Message.encodedText(local.codec().droppedPush(channel, dropped)), null);
                dropped = 0;
            }
            conn.send(outbox.removeFirst(), this::onWritten);
        }
    }

    /**
     * Starts sending the rest of a recovery that did not fit in the subscribe reply, as publication pushes while the
     * connection has room (at most half the slow-subscriber limit buffered, so live pushes after it are not taken
     * for a slow consumer). Live publications keep being buffered meanwhile and follow the recovered ones; then
     * {@code onRecovered} turns the subscriber live. Channel-executor confined.
     */
    void recoverRest(List<Publication> rest, long upTo, Runnable onRecovered) {
        this.recovering = new ArrayDeque<>(rest);
        this.buffer = new ArrayList<>(); // live publications keep arriving while the rest goes out
        this.recoveredUpTo = upTo;
        this.onRecovered = onRecovered;
        continueRecovery();
    }

    private void continueRecovery() {
        if (recovering == null || state != State.PENDING) {
            return;
        }
        Connection conn = session.connection();
        while (conn.isWritable() && conn.bufferedAmount() <= slowBytes / 2) {
            Publication p = recovering.poll();
            if (p == null) {
                for (Publication live : buffer) {
                    if (live.offset() > recoveredUpTo) {
                        recovering.add(live);
                    }
                }
                buffer = new ArrayList<>();
                bufferedBytes = 0;
                if (recovering.isEmpty()) {
                    recovering = null;
                    Runnable done = onRecovered;
                    onRecovered = null;
                    done.run();
                    return;
                }
                continue;
            }
            recoveredUpTo = p.offset();
            conn.send(Message.encodedText(local.codec().publicationPush(p)), error -> {
                if (error == null) {
                    local.execute(this::continueRecovery);
                }
            });
        }
    }

    /** The estimated JSON size of a publication push. */
    static long sizeOf(Publication p) {
        return p.data().length() + p.channel().length() + p.epoch().length() + 96L + (p.info() == null ? 0 : 256);
    }

    /** Closes the connection (its close then ends every subscription, with presence). Channel-executor confined. */
    void closeSlow() {
        if (closedSlow) {
            return;
        }
        closedSlow = true;
        synchronized (this) {
            if (state == State.PENDING) {
                // never went live (no presence to undo): the hand-over, should it run before the connection's close
                // event (a WebSocket close is asynchronous), must not answer the subscribe with what comes after
                state = State.CLOSED;
            }
        }
        session.hub().counters.slowConsumerCloses.increment();
        session.connection().close(CloseCode.SLOW_CONSUMER,
                "too slow for channel " + truncate(channel) + "; reconnect and recover");
    }

    private static String truncate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60);
    }
}
