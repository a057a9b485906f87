package dev.pushwire.redis.internal;

import dev.pushwire.core.hub.Broker.EventHandler;
import dev.pushwire.core.hub.Broker.HistoryResult;
import dev.pushwire.core.hub.Publication;
import dev.pushwire.core.hub.StreamPosition;
import dev.pushwire.redis.internal.Frames.Frame;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel this node subscribed to: turns Redis pub/sub, which is at most once, into an exact feed. It knows the
 * epoch and offset of the last publication it handed to the {@link EventHandler}; a publication with any other
 * offset than the next one, another epoch, a pub/sub connection that came back, or an idle channel whose top offset in
 * Redis stays ahead of it makes it read the stream back ({@link #recover}) and hand over what it missed, in order. What
 * the stream no longer holds (trimmed, expired, or the stream was lost: a new epoch) is reported with
 * {@link EventHandler#onUnrecoverable}, never skipped in silence.
 *
 * <pre>
 *  SUBSCRIBING --baseline read--> LIVE <--read back-- RECOVERING
 *       \                          |  \--gap, new epoch, reconnect-->/
 *        \--------------------> CLOSED (unsubscribe)
 * </pre>
 *
 * <p>Threading: pub/sub messages come on a Lettuce I/O thread, reads complete on Lettuce threads, checks run on the
 * timer: every field is guarded by {@code this}, and every handler call is made under it, so one channel's calls are
 * serial and in order.
 */
final class ChannelFeed {
    private static final Logger log = LoggerFactory.getLogger(ChannelFeed.class);
    /** Messages buffered while reading back; past this the buffer is dropped and the read covers them. */
    static final int MAX_PENDING = 10_000;

    enum State { SUBSCRIBING, LIVE, RECOVERING, CLOSED }

    final String channel;
    final RedisShard shard;
    private final StreamReader reader;
    private final EventHandler handler;
    private final int maxRead;
    private final ScheduledExecutorService timer;
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** The wait before the next retry of a failed read back: doubles from 100 ms to 5 s, reset by a success. */
    private long retryDelayMillis = MIN_RETRY_MILLIS;
    static final long MIN_RETRY_MILLIS = 100;
    static final long MAX_RETRY_MILLIS = 5000;

    private State state = State.SUBSCRIBING;
    /** The epoch and offset of the last publication handed over (or of the baseline). */
    private String epoch;
    private long last;
    /** Messages that came while SUBSCRIBING or RECOVERING, in arrival order. */
    private final ArrayDeque<Frame> pending = new ArrayDeque<>();
    /** A read back failed (Redis unreachable) and must be tried again by {@link #check}. */
    private boolean retry;
    /** The pub/sub connection came back during a read back: read again once it ends. */
    private boolean readAgain;
    private long lastActivityNanos = System.nanoTime();
    /** The top offset an idle check saw ahead of {@link #last}, or -1: a second check still behind reads back. */
    private long suspectTop = -1;

    ChannelFeed(String channel, RedisShard shard, StreamReader reader, EventHandler handler, int maxRead,
            ScheduledExecutorService timer) {
        this.channel = channel;
        this.shard = shard;
        this.reader = reader;
        this.handler = handler;
        this.maxRead = maxRead;
        this.timer = timer;
    }

    /** After the SUBSCRIBE was confirmed: reads the channel's position, from which on everything is handed over. */
    void baseline() {
        reader.read(channel, 0, 0).whenComplete((r, e) -> {
            synchronized (this) {
                if (state == State.CLOSED) {
                    return;
                }
                if (e != null) {
                    ready.completeExceptionally(e);
                    return;
                }
                epoch = r.top().epoch();
                last = r.top().offset();
                state = State.LIVE;
                drain();
            }
            ready.complete(null);
        });
    }

    /** A pub/sub message of this channel. */
    synchronized void onMessage(Frame f) {
        if (state == State.CLOSED) {
            return;
        }
        lastActivityNanos = System.nanoTime();
        if (f.publication() == null) {
            if (f.kind() == 'j') {
                handler.onJoin(channel, f.client());
            } else {
                handler.onLeave(channel, f.client());
            }
            return;
        }
        if (state != State.LIVE) {
            pending.addLast(f);
            if (pending.size() > MAX_PENDING) {
                pending.clear(); // the read back (and the next one, if needed) covers them
                readAgain = true;
            }
            return;
        }
        accept(f);
    }

    /** Hands over the next publication, drops one already handed over, or reads back on a gap. LIVE only. */
    private void accept(Frame f) {
        Publication p = f.publication();
        if (p.epoch().equals(epoch)) {
            if (p.offset() <= last) {
                return;
            }
            if (p.offset() == last + 1) {
                last = p.offset();
                handler.onPublication(p);
                return;
            }
        }
        pending.addFirst(f);
        recover(p.epoch().equals(epoch) ? "offset " + p.offset() + " came after " + last : "a new epoch " + p.epoch());
    }

    /** Reads the stream back after {@link #last}. Under the lock; LIVE (or retrying) only. */
    private void recover(String why) {
        state = State.RECOVERING;
        retry = false;
        readAgain = false;
        String e = epoch;
        long after = last;
        log.debug("reading {} back after {}:{} ({})", channel, e, after, why);
        reader.read(channel, after, maxRead)
                .thenCompose(r -> r.top().epoch().equals(e) || after == 0
                        ? CompletableFuture.completedFuture(r) : reader.read(channel, 0, maxRead))
                .whenComplete(this::recovered);
    }

    private synchronized void recovered(HistoryResult r, Throwable error) {
        if (state != State.RECOVERING) {
            return; // closed
        }
        if (error != null) {
            if (retryDelayMillis == MIN_RETRY_MILLIS) {
                log.warn("cannot read {} back from Redis at {} yet (retrying): {}", channel, shard.name(),
                        error.getMessage());
            }
            retry = true; // messages keep being buffered meanwhile
            long delay = retryDelayMillis;
            retryDelayMillis = Math.min(MAX_RETRY_MILLIS, retryDelayMillis * 2);
            try {
                timer.schedule(this::retryNow, delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // shutting down
            }
            return;
        }
        retryDelayMillis = MIN_RETRY_MILLIS;
        boolean more = apply(r);
        if (more || readAgain) {
            recover(more ? "more to read" : "the pub/sub connection came back");
            return;
        }
        state = State.LIVE;
        drain();
    }

    private synchronized void retryNow() {
        if (state == State.RECOVERING && retry) {
            recover("retrying");
        }
    }

    /** Hands over what was read back; reports what is gone. Returns whether the stream holds more to read. */
    private boolean apply(HistoryResult r) {
        StreamPosition top = r.top();
        List<Publication> pubs = r.publications();
        boolean sameEpoch = top.epoch().equals(epoch);
        long from = sameEpoch ? last : 0;
        // the first publication still to be had: in the stream, or held back from pub/sub while reading
        long firstHeld = pubs.isEmpty() ? top.offset() + 1 : pubs.get(0).offset();
        for (Frame f : pending) {
            Publication p = f.publication();
            if (p.epoch().equals(top.epoch()) && p.offset() > from && p.offset() < firstHeld) {
                firstHeld = p.offset();
            }
        }
        if (!sameEpoch) {
            long continueAfter = Math.min(firstHeld - 1, top.offset());
            String reason = "the stream of " + channel + " was lost (Redis restarted without persistence, or its keys"
                    + " expired or were removed); it goes on in epoch " + top.epoch();
            log.warn("{}: epoch {} -> {}", reason, epoch, top.epoch());
            epoch = top.epoch();
            last = continueAfter;
            handler.onUnrecoverable(channel, new StreamPosition(epoch, last), reason);
        } else if (firstHeld > from + 1 && top.offset() > from) {
            lost(Math.min(firstHeld - 1, top.offset()));
        }
        for (Publication p : pubs) {
            if (p.offset() <= last) {
                continue;
            }
            if (p.offset() > last + 1) {
                lost(p.offset() - 1);
            }
            last = p.offset();
            handler.onPublication(p);
        }
        suspectTop = -1;
        return pubs.size() >= maxRead && last < top.offset();
    }

    private void lost(long continueAfter) {
        String reason = "publications " + (last + 1) + " to " + continueAfter + " of " + channel
                + " were lost on their way to this node and are no longer in history";
        log.warn(reason);
        last = continueAfter;
        handler.onUnrecoverable(channel, new StreamPosition(epoch, last), reason);
    }

    /** Hands over the buffered messages while LIVE. */
    private void drain() {
        Frame f;
        while (state == State.LIVE && (f = pending.pollFirst()) != null) {
            accept(f);
        }
    }

    /** The pub/sub connection came back (and this channel was subscribed again): read back what it missed. */
    synchronized void reconnected() {
        if (state == State.LIVE) {
            recover("the pub/sub connection came back");
        } else if (state == State.RECOVERING) {
            if (retry) {
                recover("the pub/sub connection came back");
            } else {
                readAgain = true;
            }
        }
    }

    /**
     * The periodic check: retries a failed read back; for a channel without traffic for {@code idleNanos}, compares
     * the top offset in Redis (and keeps its meta from expiring).
     */
    void check(long idleNanos) {
        String e;
        synchronized (this) {
            if (state == State.RECOVERING && retry) {
                recover("retrying");
                return;
            }
            if (state != State.LIVE || System.nanoTime() - lastActivityNanos < idleNanos) {
                return;
            }
            e = epoch;
        }
        reader.read(channel, 0, 0).whenComplete((r, error) -> {
            if (error != null) {
                return;
            }
            synchronized (this) {
                if (state != State.LIVE || !e.equals(epoch)) {
                    return;
                }
                lastActivityNanos = System.nanoTime();
                long top = r.top().offset();
                if (!r.top().epoch().equals(epoch)) {
                    recover("the idle check found epoch " + r.top().epoch());
                } else if (top > last) {
                    if (suspectTop > last) {
                        recover("the idle check found offset " + top + " ahead of " + last + " twice");
                    } else {
                        suspectTop = top; // maybe still on its way: look again next time
                    }
                } else {
                    suspectTop = -1;
                }
            }
        });
    }

    synchronized void close() {
        state = State.CLOSED;
        pending.clear();
        if (!ready.isDone()) {
            ready.completeExceptionally(new IllegalStateException("unsubscribed from " + channel));
        }
    }
}
