package dev.pushwire.core.internal.session;

import dev.pushwire.core.CloseCode;
import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionListener;
import dev.pushwire.core.HandshakeRequest;
import dev.pushwire.core.Message;
import dev.pushwire.core.ReadyState;
import dev.pushwire.core.SendCallback;
import dev.pushwire.core.internal.Traffic;
import dev.pushwire.core.internal.WaterMarks;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An emulated connection (SSE, long polling, polling): a {@link Connection} whose server-to-client messages are
 * numbered and kept until acknowledged, and whose client-to-server messages are deduplicated by the client's
 * numbers, so that lost responses and retried requests lose or duplicate nothing.
 *
 * <h2>State</h2>
 * OPEN → CLOSING (a server-side {@link #close}: queued messages are still delivered, then the close) → CLOSED.
 * Also CLOSED at once on a client close, expiry (4003), slow consumer (4000), a too-big message (1009) or
 * {@link #terminate()}.
 *
 * <h2>Threading</h2>
 * Confined to its {@link SessionScheduler}'s thread: every method not from {@link Connection} must be called there,
 * and every listener runs there. The {@link Connection} methods may be called from any thread; they hop over.
 * Fields without a note are confined to that thread.
 */
public final class Session implements Connection {
    private static final Logger log = LoggerFactory.getLogger(Session.class);

    private final String id;
    private final String sid;
    private final String transport;
    private final SessionSettings settings;
    private final SessionScheduler scheduler;
    private final HandshakeRequest request;
    private final Consumer<Session> onClosed;
    private final OutboundQueue outbound = new OutboundQueue();
    private final InboundSequence inbound = new InboundSequence();
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();

    /** Written on the session thread, read from any. */
    private volatile ReadyState state = ReadyState.CONNECTING;
    /** Written on the session thread, read from any. */
    private volatile long bufferedAmount;
    /** Bytes of sends from other threads not yet queued (checked against the limit before they are). */
    private final AtomicLong pendingCrossThreadBytes = new AtomicLong();
    /** Written on the session thread, read from any: the water-mark state of {@link #bufferedAmount}. */
    private volatile boolean writable = true;
    /** Written by pause/resumeReading (any thread), read anywhere. */
    private volatile boolean readingPaused;
    private final HeldPosts heldPosts;
    /** Long polling only (else null): how long a held poll waits for more once a message is queued. */
    private final AdaptiveLinger linger;

    private Receiver receiver;
    /** For a STREAM receiver: the highest seq written to it. */
    private long streamedSeq;
    /** When the attached stream last got something ({@link SessionScheduler#nowMillis()}): heartbeats fill silence only. */
    private long streamWrittenAt;
    private SessionClose pendingClose;
    private SessionClose finalClose;
    private long lastActivity;
    private SessionScheduler.Cancellable expiryTimer;
    private SessionScheduler.Cancellable holdTimer;
    private SessionScheduler.Cancellable heartbeatTimer;
    private SessionScheduler.Cancellable flushTimer;
    private SessionScheduler.Cancellable closeTimer;
    private boolean flushQueued;
    /** Set while {@link #sendAll} queues: a stream's flush is left to it rather than to a task of its own. */
    private boolean deferStreamFlush;
    /** A stream's flush that {@link #sendAll} owes this session. */
    private boolean streamFlushDeferred;
    /** Counts of this session's transport, or null (no metrics); set before the session opens, then read only. */
    private Traffic traffic;
    /** Set before open, then read on the session's thread: a rate limit on inbound messages, or null. */
    private dev.pushwire.core.internal.InboundGate inboundGate;

    /**
     * @param id        the connection id (public, for logs)
     * @param sid       the session id (secret: whoever knows it speaks for the client)
     * @param transport {@code sse}, {@code longpolling} or {@code polling}
     * @param onClosed  told once, on the session thread, when the session reaches CLOSED
     */
    public Session(String id, String sid, String transport, SessionSettings settings, SessionScheduler scheduler,
                   HandshakeRequest request, Consumer<Session> onClosed) {
        this.id = Objects.requireNonNull(id, "id");
        this.sid = Objects.requireNonNull(sid, "sid");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.request = Objects.requireNonNull(request, "request");
        this.onClosed = Objects.requireNonNull(onClosed, "onClosed");
        this.heldPosts = new HeldPosts(scheduler);
        this.linger = "longpolling".equals(transport) ? new AdaptiveLinger(settings.linger().toMillis()) : null;
    }

    /** The session id the client sends as {@code sid}. */
    public String sid() {
        return sid;
    }

    /** The scheduler this session is confined to. */
    public SessionScheduler scheduler() {
        return scheduler;
    }

    /** The settings this session runs with. */
    public SessionSettings settings() {
        return settings;
    }

    /** Why the session ended, once CLOSED; null before. */
    public SessionClose finalClose() {
        return finalClose;
    }

    /**
     * Opens the session and starts the expiry timer. Called before the endpoint's handler, so the handler gets an
     * open connection, as it does on WebSocket; {@link #fireOpen()} then tells the listeners it added.
     */
    public void open() {
        checkThread();
        if (state != ReadyState.CONNECTING) {
            return;
        }
        state = ReadyState.OPEN;
        touch();
    }

    /** Runs the {@code onOpen} listeners (after the handler added them); nothing once the session is closed. */
    public void fireOpen() {
        checkThread();
        if (state == ReadyState.CLOSED) {
            return;
        }
        for (ConnectionListener l : listeners) {
            try {
                l.onOpen(this);
            } catch (RuntimeException e) {
                listenerFailed(e);
            }
        }
    }

    /** Notes a request from the client: the session does not expire while it hears from the client. */
    public void touch() {
        checkThread();
        lastActivity = scheduler.nowMillis();
        if (expiryTimer == null && state != ReadyState.CLOSED) {
            expiryTimer = scheduler.schedule(this::checkExpiry, settings.sessionTimeout().toMillis());
        }
    }

    /**
     * Applies the client's acknowledgement: it has every message up to {@code ack}.
     *
     * @throws SessionException {@code bad_ack} for a number this session never delivered
     */
    public void acknowledge(long ack) throws SessionException {
        checkThread();
        outbound.acknowledge(ack, Session::complete);
        bufferedAmount = outbound.bytes();
        checkWritability();
    }

    /**
     * Runs {@code apply} (a POST's messages) now, or, while reading is paused, when it resumes; {@code refuse} runs
     * instead if it was held longer than the hold time (the transport answers 429 {@code reading_paused}).
     * Acknowledgements must be applied before, not held: they are what drains the queue and ends the pause.
     */
    public void whenReading(Runnable apply, Runnable refuse) {
        checkThread();
        touch();
        if (readingPaused && state != ReadyState.CLOSED) {
            heldPosts.hold(apply, refuse, settings.hold().toMillis());
        } else {
            apply.run();
        }
    }

    /** The highest seq the client acknowledged. */
    public long ackedSeq() {
        return outbound.ackedSeq();
    }

    /** The highest client seq applied. */
    public long receivedSeq() {
        return inbound.received();
    }

    /**
     * Hands this request's receiver the messages it should get: at once for {@link Receiver.Mode#POLL} (and for
     * {@link Receiver.Mode#HOLD} when something is waiting), else it is attached until there is something to say.
     * A receiver already attached is answered (empty) and replaced: one client has one downstream at a time.
     * On a CLOSED session the receiver gets the close at once.
     */
    public void attach(Receiver r) {
        checkThread();
        touch();
        if (state == ReadyState.CLOSED) {
            r.deliver(List.of(), finalClose);
            return;
        }
        if (receiver != null) {
            Receiver old = receiver;
            detachCurrent();
            old.replaced();
        }
        switch (r.mode()) {
            case POLL -> deliverOnce(r);
            case HOLD -> {
                boolean waiting = outbound.hasAfter(outbound.ackedSeq());
                long wait = waiting && pendingClose == null ? lingerMillis() : 0;
                if ((waiting || pendingClose != null) && wait == 0) {
                    deliverOnce(r);
                } else {
                    receiver = r;
                    holdTimer = scheduler.schedule(this::holdExpired, settings.hold().toMillis());
                    if (waiting) {  // a busy feed: the messages wait out their linger on this poll
                        flushQueued = true;
                        flushTimer = scheduler.schedule(this::flush, wait);
                    }
                }
            }
            case STREAM -> {
                receiver = r;
                streamedSeq = outbound.ackedSeq();
                streamWrittenAt = scheduler.nowMillis(); // the stream's head and first lines
                flushStream();
                if (receiver == r) {
                    scheduleHeartbeat(settings.heartbeat().toMillis());
                }
            }
        }
    }

    /** The receiver's HTTP connection went away: forget it (its messages stay queued until acknowledged). */
    public void detach(Receiver r) {
        checkThread();
        if (receiver == r) {
            detachCurrent();
            touch();
        }
    }

    /**
     * Applies a POST: {@code messages} are the client's numbers {@code firstSeq}, {@code firstSeq + 1}, ...; those
     * already applied are skipped, the rest go to the listeners in order.
     *
     * @return the highest client seq applied, to answer the client with
     * @throws SessionException {@code sequence_gap} if numbers are skipped; {@code message_too_big} (the session
     *                          then closes with 1009) if one message is over the limit
     */
    public long receive(long firstSeq, List<Message> messages) throws SessionException {
        checkThread();
        touch();
        int skip = inbound.alreadyApplied(firstSeq, messages.size());
        for (int i = skip; i < messages.size(); i++) {
            if (messages.get(i).size() > settings.maxMessageBytes()) {
                String reason = "message of " + messages.get(i).size() + " bytes over the limit of "
                        + settings.maxMessageBytes();
                closeNow(SessionClose.of(CloseCode.MESSAGE_TOO_BIG, reason), false, false);
                throw new SessionException(SessionException.MESSAGE_TOO_BIG, 413, reason
                        + "; the session is closed (1009): send smaller messages");
            }
        }
        // A closing session applies nothing more: its handler could not answer any more, and the close object's
        // "received" tells the client to send the rest again on its next session.
        for (int i = skip; i < messages.size() && (state == ReadyState.OPEN || state == ReadyState.CONNECTING); i++) {
            inbound.applied(1);
            Message m = messages.get(i);
            if (traffic != null) {
                traffic.received(m.size());
            }
            if (inboundGate != null && !inboundGate.admit(this, m)) {
                continue;
            }
            for (ConnectionListener l : listeners) {
                try {
                    l.onMessage(this, m);
                } catch (RuntimeException e) {
                    listenerFailed(e);
                }
            }
        }
        return inbound.received();
    }

    /**
     * Counts the messages this session receives and accepts for sending into {@code traffic} (null: counts nothing).
     * Call before {@link #open()}, on the thread that builds the session.
     */
    public void traffic(Traffic traffic) {
        this.traffic = traffic;
    }

    /** Asks {@code gate} for every message from the client before the listeners (null: none). Call before open. */
    public void inboundGate(dev.pushwire.core.internal.InboundGate gate) {
        this.inboundGate = gate;
    }

    /** The client closed the session (a DELETE): closed at once, queued messages dropped. */
    public void closeByClient(int code, String reason) {
        checkThread();
        closeNow(new SessionClose(code, reason), true, true);
    }

    // ---------------------------------------------------------------- Connection

    @Override
    public String id() {
        return id;
    }

    @Override
    public String transport() {
        return transport;
    }

    @Override
    public ReadyState readyState() {
        return state;
    }

    @Override
    public boolean send(Message message, SendCallback callback) {
        Objects.requireNonNull(message, "message");
        ReadyState s = state;
        if (s != ReadyState.OPEN && s != ReadyState.CONNECTING) {
            fail(callback);
            return false;
        }
        if (scheduler.inThread()) {
            enqueue(message, callback);
            return true;
        }
        // Checked before queueing, as on WebSocket: a flood from another thread must not queue without bound.
        long size = message.size();
        long pending = pendingCrossThreadBytes.addAndGet(size);
        if (pending + bufferedAmount > settings.maxQueuedBytes()) {
            pendingCrossThreadBytes.addAndGet(-size);
            String reason = "queued " + (pending + bufferedAmount) + " bytes, over the limit of "
                    + settings.maxQueuedBytes();
            if (callback != null) {
                complete(callback, new IOException("connection " + id + " is a slow consumer: " + reason));
            }
            scheduler.execute(() -> closeAsSlowConsumer(reason));
            return false;
        }
        scheduler.execute(() -> {
            pendingCrossThreadBytes.addAndGet(-size);
            enqueue(message, callback);
        });
        return true;
    }

    /** Whether {@link #send} would take a message now (OPEN, or CONNECTING before the handler ran). */
    boolean takesSends() {
        ReadyState s = state;
        return s == ReadyState.OPEN || s == ReadyState.CONNECTING;
    }

    /**
     * {@link SessionFanOut}'s part on one thread: queues {@code message} on each session (as {@link #send} without a
     * callback; one past its queue limit closes as a slow consumer), then writes to the streams in one pass, with no
     * task per session. Must run on the sessions' scheduler thread.
     */
    static void sendAll(Message message, List<Session> sessions) {
        for (Session s : sessions) {
            s.checkThread();
            s.deferStreamFlush = true;
            try {
                s.enqueue(message, null);
            } finally {
                s.deferStreamFlush = false;
            }
        }
        for (Session s : sessions) {
            if (s.streamFlushDeferred) {
                s.streamFlushDeferred = false;
                if (s.flushQueued) {
                    s.flush();
                }
            }
        }
    }

    /** Also false at once when sends from other threads took the bytes past the high mark (before the event). */
    @Override
    public boolean isWritable() {
        return writable && state == ReadyState.OPEN && bufferedAmount() <= settings.highWaterMark();
    }

    /** Holds the client's POSTs with messages (see {@link #whenReading}); its acknowledgements still apply. */
    @Override
    public void pauseReading() {
        readingPaused = true;
    }

    @Override
    public void resumeReading() {
        readingPaused = false;
        run(() -> {
            if (!readingPaused) {
                heldPosts.releaseAll();
            }
        });
    }

    @Override
    public boolean isReadingPaused() {
        return readingPaused;
    }

    /** Emulated sessions have no ping frames; the client's requests are its heartbeat. Returns whether open. */
    @Override
    public boolean ping(byte[] payload) {
        return isOpen();
    }

    /** Emulated sessions have no pong frames. Returns whether open. */
    @Override
    public boolean pong(byte[] payload) {
        return isOpen();
    }

    /**
     * Closes after the queued messages: the next poll (or the SSE stream) carries them and then the close. If no
     * request comes within the close timeout, the session closes anyway (not clean).
     */
    @Override
    public void close(int code, String reason) {
        if (!CloseCode.isValidOnWire(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent; use 1000-1003, 1007-1014"
                    + " or 3000-4999");
        }
        String r = reason == null ? "" : reason;
        if (r.getBytes(StandardCharsets.UTF_8).length > 123) {
            throw new IllegalArgumentException("close reason longer than 123 UTF-8 bytes");
        }
        run(() -> startClose(new SessionClose(code, r)));
    }

    @Override
    public void terminate() {
        run(() -> {
            if (state == ReadyState.CLOSED) {
                return;
            }
            Receiver r = receiver;
            detachCurrent();
            if (r != null) {
                r.abort();
            }
            closeNow(SessionClose.of(CloseCode.ABNORMAL, "terminated"), false, false);
        });
    }

    @Override
    public long bufferedAmount() {
        return bufferedAmount + pendingCrossThreadBytes.get();
    }

    @Override
    public Connection addListener(ConnectionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return request.remoteAddress();
    }

    @Override
    public HandshakeRequest request() {
        return request;
    }

    @Override
    public String protocol() {
        return "";
    }

    @Override
    public List<String> extensions() {
        return List.of();
    }

    @Override
    public String toString() {
        return "Session{" + id + ", " + transport + ", " + state + '}';
    }

    // ---------------------------------------------------------------- internals

    private void enqueue(Message message, SendCallback callback) {
        if (state != ReadyState.OPEN && state != ReadyState.CONNECTING) {
            fail(callback);
            return;
        }
        outbound.add(message, callback);
        bufferedAmount = outbound.bytes();
        if (linger != null) {
            linger.arrived(scheduler.nowMillis());
        }
        if (traffic != null) {
            traffic.sent(message.size());
        }
        if (outbound.bytes() > settings.maxQueuedBytes()) {
            closeAsSlowConsumer("queued " + outbound.bytes() + " bytes, over the limit of "
                    + settings.maxQueuedBytes());
            return;
        }
        checkWritability();
        scheduleFlush();
    }

    private void closeAsSlowConsumer(String reason) {
        if (state == ReadyState.CLOSED) {
            return;
        }
        log.warn("Session {} ({}, {}) closed as a slow consumer: {}", id, transport, remoteAddress(), reason);
        closeNow(SessionClose.of(CloseCode.SLOW_CONSUMER, reason), false, false);
    }

    /** Tells the listeners when the queued bytes crossed a water mark (see {@link WaterMarks}). */
    private void checkWritability() {
        if (state != ReadyState.OPEN) {
            return;
        }
        boolean was = writable;
        boolean now = WaterMarks.writableAfter(was, bufferedAmount(), settings.lowWaterMark(),
                settings.highWaterMark());
        if (now == was) {
            return;
        }
        writable = now;
        for (ConnectionListener l : listeners) {
            try {
                l.onWritabilityChanged(this, now);
            } catch (RuntimeException e) {
                listenerFailed(e);
            }
        }
    }

    private void scheduleFlush() {
        if (receiver == null) {
            return;
        }
        if (flushQueued) {
            if (flushTimer != null && lingerMillis() == 0) {  // the linger's batch is complete: answer now
                cancel(flushTimer);
                flushTimer = null;
                scheduler.execute(this::flush);
            }
            return;
        }
        flushQueued = true;
        long wait = receiver.mode() == Receiver.Mode.HOLD ? lingerMillis() : 0;
        if (wait > 0) {
            flushTimer = scheduler.schedule(this::flush, wait);
        } else if (deferStreamFlush && receiver.mode() == Receiver.Mode.STREAM) {
            streamFlushDeferred = true;
        } else {
            scheduler.execute(this::flush);
        }
    }

    /**
     * How long a held poll should still wait before answering what is queued (long polling only, else 0): the
     * adaptive linger ({@link AdaptiveLinger}), none when a full answer waits.
     */
    private long lingerMillis() {
        if (linger == null || outbound.bytes() >= settings.maxBatchBytes()) {
            return 0;
        }
        return linger.waitMillis(scheduler.nowMillis());
    }

    private void flush() {
        flushQueued = false;
        flushTimer = null;
        Receiver r = receiver;
        if (r == null) {
            return;
        }
        if (r.mode() == Receiver.Mode.HOLD) {
            detachCurrent();
            deliverOnce(r);
        } else {
            flushStream();
        }
    }

    /** Answers a POLL or HOLD receiver with one batch (plus the close, if everything queued fits). */
    private void deliverOnce(Receiver r) {
        List<SequencedMessage> batch = outbound.batchAfter(outbound.ackedSeq(), settings.maxBatchBytes());
        SessionClose close = null;
        if (pendingClose != null && (batch.isEmpty() ? outbound.lastSeq() : batch.get(batch.size() - 1).seq())
                == outbound.lastSeq()) {
            close = pendingClose;
        }
        if (linger != null) {
            linger.answered(!batch.isEmpty() && outbound.hasAfter(batch.get(batch.size() - 1).seq()));
        }
        r.deliver(batch, close);
        if (close != null) {
            closeNow(close, false, true);
        }
    }

    /** Writes everything not yet written to the attached STREAM receiver, then the close if closing. */
    private void flushStream() {
        Receiver r = receiver;
        if (outbound.hasAfter(streamedSeq)) {
            streamWrittenAt = scheduler.nowMillis();
        }
        while (outbound.hasAfter(streamedSeq)) {
            List<SequencedMessage> batch = outbound.batchAfter(streamedSeq, settings.maxBatchBytes());
            streamedSeq = batch.get(batch.size() - 1).seq();
            r.deliver(batch, null);
            if (receiver != r) {
                return;
            }
        }
        if (pendingClose != null) {
            SessionClose close = pendingClose;
            detachCurrent();
            r.deliver(List.of(), close);
            closeNow(close, false, true);
        }
    }

    private void startClose(SessionClose close) {
        if (state == ReadyState.CLOSED || state == ReadyState.CLOSING) {
            return;
        }
        state = ReadyState.CLOSING;
        // Nothing more is applied from now on (see receive), so this is the client's resend point.
        SessionClose told = close.withReceived(inbound.received());
        pendingClose = told;
        closeTimer = scheduler.schedule(() -> closeNow(told, false, false), settings.closeTimeout().toMillis());
        if (receiver != null) {
            if (receiver.mode() == Receiver.Mode.HOLD) {
                Receiver r = receiver;
                detachCurrent();
                deliverOnce(r);
            } else {
                flushStream();
            }
        }
    }

    /** Ends the session now: callbacks fail, the attached receiver (if any) gets the close, listeners hear it. */
    private void closeNow(SessionClose close, boolean remote, boolean clean) {
        if (state == ReadyState.CLOSED) {
            return;
        }
        state = ReadyState.CLOSED;
        if (close.received() < 0) {
            close = close.withReceived(inbound.received());
        }
        finalClose = close;
        pendingClose = null;
        Receiver r = receiver;
        detachCurrent();
        cancel(expiryTimer);
        expiryTimer = null;
        cancel(closeTimer);
        closeTimer = null;
        outbound.clear(new IOException("session closed (" + close.code() + " " + close.reason() + ")"),
                Session::complete);
        bufferedAmount = 0;
        heldPosts.releaseAll(); // applies nothing any more; answers the held POSTs
        if (r != null) {
            r.deliver(List.of(), close);
        }
        CloseEvent event = new CloseEvent(close.code(), close.reason(), remote, clean);
        for (ConnectionListener l : listeners) {
            try {
                l.onClose(this, event);
            } catch (RuntimeException e) {
                log.warn("Close listener of {} threw", id, e);
            }
        }
        onClosed.accept(this);
    }

    private void holdExpired() {
        holdTimer = null;
        if (receiver != null && receiver.mode() == Receiver.Mode.HOLD) {
            Receiver r = receiver;
            detachCurrent();
            deliverOnce(r);
        }
    }

    /**
     * Arms the stream's heartbeat: a comment written only after {@code heartbeatMs} of silence (docs/protocol.md 4.2),
     * so a stream that carries messages costs no heartbeat writes, only this one timer per interval.
     */
    private void scheduleHeartbeat(long delayMillis) {
        heartbeatTimer = scheduler.schedule(this::heartbeatDue, delayMillis);
    }

    private void heartbeatDue() {
        heartbeatTimer = null;
        Receiver r = receiver;
        if (r == null || r.mode() != Receiver.Mode.STREAM) {
            return;
        }
        long every = settings.heartbeat().toMillis();
        long silent = scheduler.nowMillis() - streamWrittenAt;
        if (silent < every) {
            scheduleHeartbeat(every - silent);
            return;
        }
        touch();
        r.heartbeat();
        streamWrittenAt = scheduler.nowMillis();
        if (receiver == r) {
            scheduleHeartbeat(every);
        }
    }

    private void checkExpiry() {
        expiryTimer = null;
        if (state == ReadyState.CLOSED) {
            return;
        }
        if (receiver != null) {
            lastActivity = scheduler.nowMillis();
        }
        long idle = scheduler.nowMillis() - lastActivity;
        long timeout = settings.sessionTimeout().toMillis();
        if (idle >= timeout) {
            log.info("Session {} ({}) expired: no request for {} ms", id, transport, idle);
            closeNow(SessionClose.of(CloseCode.SESSION_EXPIRED, "no request for " + idle + " ms (timeout "
                    + timeout + " ms); open a new session"), false, false);
        } else {
            expiryTimer = scheduler.schedule(this::checkExpiry, timeout - idle);
        }
    }

    private void detachCurrent() {
        receiver = null;
        cancel(holdTimer);
        holdTimer = null;
        cancel(heartbeatTimer);
        heartbeatTimer = null;
        cancel(flushTimer);
        flushTimer = null;
        flushQueued = false;
    }

    private void run(Runnable task) {
        if (scheduler.inThread()) {
            task.run();
        } else {
            scheduler.execute(task);
        }
    }

    private void listenerFailed(RuntimeException e) {
        log.warn("Listener of {} threw", id, e);
        for (ConnectionListener l : listeners) {
            try {
                l.onError(this, e);
            } catch (RuntimeException ignored) {
                // an error listener that throws is not told again
            }
        }
    }

    private void checkThread() {
        if (!scheduler.inThread()) {
            throw new IllegalStateException("Session " + id + " used off its thread");
        }
    }

    private static void cancel(SessionScheduler.Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }

    private static void complete(SendCallback callback, Throwable error) {
        try {
            callback.onComplete(error);
        } catch (RuntimeException e) {
            log.warn("Send callback threw", e);
        }
    }

    private void fail(SendCallback callback) {
        if (callback != null) {
            complete(callback, new IOException("connection " + id + " is " + state));
        }
    }
}
