package dev.pushwire.websocket.internal;

import dev.pushwire.core.CloseCode;
import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.core.ConnectionListener;
import dev.pushwire.core.HandshakeRequest;
import dev.pushwire.core.Message;
import dev.pushwire.core.ReadyState;
import dev.pushwire.core.SendCallback;
import dev.pushwire.core.internal.Traffic;
import dev.pushwire.core.internal.WaterMarks;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Connection} over one Netty channel that speaks RFC 6455 frames; used by the server and by the client
 * (see {@link WebSocketRole}). Inbound frames are handled by its {@link WebSocketFrameHandler}, which calls the
 * {@code on...} methods here on the event loop.
 *
 * <h2>Threading</h2>
 * Public methods may be called from any thread. All state changes happen on the channel's event loop: a call from
 * another thread is handed over with {@code eventLoop.execute}. Fields marked "loop" are event-loop confined; the
 * others say how they are shared.
 *
 * <h2>Flushing</h2>
 * Writes are not flushed one by one. While the frame handler is inside a read batch, writes only set
 * {@link #needsFlush} and the batch end ({@code channelReadComplete}) flushes once. Sends from other threads go
 * through the loop's {@link LoopOutbox}: one task per loop writes every handed-over frame, then flushes each
 * connection that wrote once (writes on the loop outside a read batch are flushed by that task too). A burst of
 * sends, or a broadcast to thousands of connections, becomes a few tasks and one socket write per connection.
 *
 * <h2>Backpressure</h2>
 * {@link #bufferedAmount()} is the bytes handed to {@code send} from other threads but not yet written into the
 * channel plus the bytes in Netty's outbound buffer. Past {@code maxBufferedBytes} the connection is closed with
 * 4000 (slow consumer), logged once; new sends are refused and what is still queued is dropped when the channel
 * closes (at the latest after the close timeout).
 *
 * <p>Below that hard limit, {@link #isWritable()} follows the water marks of the limits with hysteresis
 * ({@link WaterMarks}), over the same count: it is re-checked after each write, when Netty's own writability changes,
 * and, while unwritable, when a zero-length "drain marker" written after the data completes (every byte before it
 * reached the socket). {@link #pauseReading()} turns Netty's auto-read off, so the socket is not read and TCP's
 * window makes the peer wait.
 */
public final class WebSocketConnection implements Connection {
    private static final Logger log = LoggerFactory.getLogger(WebSocketConnection.class);
    private static final AtomicLongFieldUpdater<WebSocketConnection> PENDING =
            AtomicLongFieldUpdater.newUpdater(WebSocketConnection.class, "pendingCrossThreadBytes");
    private static final ConnectionListener[] NO_LISTENERS = new ConnectionListener[0];
    /** Largest close reason: a control frame carries at most 125 bytes, 2 of them the code. */
    static final int MAX_REASON_BYTES = 123;
    /** Largest ping or pong payload. */
    static final int MAX_CONTROL_PAYLOAD = 125;

    private final String id;
    private final Channel channel;
    private final EventLoop loop;
    private final WebSocketRole role;
    private final ConnectionLimits limits;
    private final HandshakeRequest request;
    private final String protocol;
    private final List<String> extensions;
    /** The outbox of this connection's loop: sends from other threads, and flushes outside a read batch. */
    private final LoopOutbox outbox;

    /** Written on the loop, read anywhere. */
    private volatile ReadyState state = ReadyState.OPEN;
    /** Copy-on-write; guarded by {@code this} for writers, read anywhere. */
    private volatile ConnectionListener[] listeners = NO_LISTENERS;
    /** Lazily created; guarded by {@code this} for creation. */
    private volatile Map<String, Object> attributes;
    /** Bytes of sends from other threads not yet written into the channel; atomic. */
    private volatile long pendingCrossThreadBytes;
    /** Written on the loop, read anywhere: the water-mark state (see {@link #checkWritability()}). */
    private volatile boolean writable = true;
    /**
     * Set when {@link #isWritable()} answered false to a caller before the loop announced it (sends from other threads
     * took the bytes past the high mark): the loop then owes the listeners the pair of events, so a caller that paused
     * on that answer is resumed by the drain.
     */
    private volatile boolean unwritableSeenEarly;
    /** Written by pause/resumeReading (any thread), read anywhere. */
    private volatile boolean readingPaused;

    /** loop: the handler context used for writes (set when the frame handler is added). */
    private ChannelHandlerContext ctx;
    /** loop: where already encoded frames are written: Netty's frame encoder's context (set with {@link #ctx}). */
    private ChannelHandlerContext encodedFrameCtx;
    /** loop: inside a read batch, the batch end flushes. */
    private boolean inReadBatch;
    /** loop: something was written and not flushed yet. */
    private boolean needsFlush;
    /** loop: this connection waits in the outbox for a flush. */
    private boolean flushScheduled;
    /** loop: how the connection ended, once known; reported by {@link #onChannelClosed}. */
    private CloseEvent closeEvent;
    /** loop: the close frame we sent (or are answering with); null before. */
    private boolean closeFrameSent;
    /** loop: the peer's close frame arrived. */
    private boolean closeFrameReceived;
    /** loop: drops the channel if the close handshake does not finish in time. */
    private ScheduledFuture<?> closeTimer;
    /** loop: the onClose listeners have run. */
    private boolean closeReported;
    /** loop: a drain marker is written and not yet completed. */
    private boolean drainWatched;
    /** Counts of the websocket transport, or null (no metrics); set before the connection opens, then read only. */
    private Traffic traffic;
    /** Set before open, then read on the loop: a rate limit on inbound messages, or null. */
    private dev.pushwire.core.internal.InboundGate inboundGate;

    public WebSocketConnection(String id, Channel channel, WebSocketRole role, ConnectionLimits limits,
                               HandshakeRequest request, String protocol, List<String> extensions) {
        this.id = Objects.requireNonNull(id, "id");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.loop = channel.eventLoop();
        this.outbox = LoopOutbox.of(loop);
        this.role = Objects.requireNonNull(role, "role");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.request = request;
        this.protocol = protocol == null ? "" : protocol;
        this.extensions = extensions == null ? List.of() : List.copyOf(extensions);
    }

    /**
     * Counts the messages this connection receives and accepts for sending into {@code traffic} (null: counts
     * nothing). Call on the event loop before the connection's handler runs.
     */
    public void traffic(Traffic traffic) {
        this.traffic = traffic;
    }

    /** Asks {@code gate} for every message from the peer before the listeners (null: none). Call before open. */
    public void inboundGate(dev.pushwire.core.internal.InboundGate gate) {
        this.inboundGate = gate;
    }

    // ---------------------------------------------------------------- Connection API

    @Override
    public String id() {
        return id;
    }

    @Override
    public String transport() {
        return "websocket";
    }

    @Override
    public ReadyState readyState() {
        return state;
    }

    /** The limits this connection enforces. */
    public ConnectionLimits limits() {
        return limits;
    }

    /** The role this end plays. */
    public WebSocketRole role() {
        return role;
    }

    /** The underlying channel (for transports and tests; do not write to it directly). */
    public Channel channel() {
        return channel;
    }

    @Override
    public boolean send(Message message, SendCallback callback) {
        Objects.requireNonNull(message, "message");
        if (state != ReadyState.OPEN) {
            fail(callback, new ClosedChannelException());
            return false;
        }
        if (extensions.isEmpty()) {
            boolean masked = role.masksOutboundFrames();
            if (message.hasBytes() && !masked && !(loop.inEventLoop() && inReadBatch)) {
                // Not the answer to this connection's own read (a broadcast, a send from another thread): encoded
                // on this connection's loop, once per loop for a run of sends of the same message, and the same
                // buffer written to each connection (LoopOutbox#frameOf).
                return sendEncoded(message, message.bytes().length, callback);
            }
            // The whole frame in one pooled buffer, past Netty's frame encoder (see DataFrames); a one-off text is
            // encoded straight into it, with no intermediate array.
            ByteBuf frame = message.hasBytes()
                    ? DataFrames.encode(channel.alloc(), message.isText(), message.bytes(), masked)
                    : DataFrames.encodeText(channel.alloc(), message.text(), masked);
            return sendEncoded(frame, DataFrames.payloadLength(frame), callback);
        }
        ByteBuf payload = message.hasBytes()
                ? Unpooled.wrappedBuffer(message.bytes())
                : ByteBufUtil.writeUtf8(channel.alloc(), message.text());
        WebSocketFrame frame = message.isText() ? new TextWebSocketFrame(payload) : new BinaryWebSocketFrame(payload);
        return sendFrame(frame, callback);
    }

    /**
     * Sends a frame object, for connections with extensions (their codecs work on frames). Takes ownership of
     * {@code frame}: it is released when written or refused.
     */
    private boolean sendFrame(WebSocketFrame frame, SendCallback callback) {
        return sendEncoded(frame, frame.content().readableBytes(), callback);
    }

    /**
     * Sends a {@link WebSocketFrame}, an encoded frame's {@link ByteBuf}, or a {@link Message} with its bytes (encoded
     * on the loop) of {@code size} payload bytes; owns it.
     */
    private boolean sendEncoded(Object frame, int size, SendCallback callback) {
        if (state != ReadyState.OPEN) {
            ReferenceCountUtil.release(frame);
            fail(callback, new ClosedChannelException());
            return false;
        }
        if (loop.inEventLoop()) {
            return writeData(frame, size, callback);
        }
        long pending = PENDING.addAndGet(this, size);
        if (pending + outboundBytes() > limits.maxBufferedBytes()) {
            PENDING.addAndGet(this, -size);
            ReferenceCountUtil.release(frame);
            fail(callback, new IllegalStateException("connection " + id + " is a slow consumer"));
            loop.execute(this::closeAsSlowConsumer);
            return false;
        }
        outbox.handOver(loop, this, frame, size, callback);
        return true;
    }

    /**
     * Whether a broadcast ({@link LoopBroadcast}) may write this connection the shared, unmasked frame of a message:
     * no extension transforms its frames and it does not mask them (the server role).
     */
    boolean takesSharedFrames() {
        return extensions.isEmpty() && !role.masksOutboundFrames();
    }

    /** loop: this connection's part of a broadcast (the message has its bytes); skipped once no longer open. */
    void writeBroadcast(Message message) {
        if (state == ReadyState.OPEN) {
            writeData(message, message.bytes().length, null);
        }
    }

    /** loop: a send handed over by {@link #sendEncoded} from another thread reaches the loop. */
    void writeHandedOver(Object frame, int payloadBytes, SendCallback callback) {
        PENDING.addAndGet(this, -payloadBytes);
        writeData(frame, payloadBytes, callback);
    }

    @Override
    public boolean ping(byte[] payload) {
        return sendControl(new PingWebSocketFrame(Unpooled.wrappedBuffer(checkControl(payload))));
    }

    @Override
    public boolean pong(byte[] payload) {
        return sendControl(new PongWebSocketFrame(Unpooled.wrappedBuffer(checkControl(payload))));
    }

    @Override
    public void close(int code, String reason) {
        if (!CloseCode.isValidOnWire(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent (RFC 6455 7.4)");
        }
        String r = reason == null ? "" : reason;
        if (ByteBufUtil.utf8Bytes(r) > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("close reason is longer than " + MAX_REASON_BYTES + " UTF-8 bytes");
        }
        runOnLoop(() -> startClose(code, r, false));
    }

    @Override
    public void terminate() {
        runOnLoop(() -> drop(new CloseEvent(CloseCode.ABNORMAL.code(), "terminated", false, false)));
    }

    @Override
    public long bufferedAmount() {
        return pendingCrossThreadBytes + outboundBytes();
    }

    /** Also false at once when sends from other threads took the bytes past the high mark (before the event). */
    @Override
    public boolean isWritable() {
        if (!writable || state != ReadyState.OPEN) {
            return false;
        }
        if (bufferedAmount() > limits.highWaterMark()) {
            unwritableSeenEarly = true;
            return false;
        }
        return true;
    }

    @Override
    public void pauseReading() {
        readingPaused = true;
        runOnLoop(this::applyAutoRead);
    }

    @Override
    public void resumeReading() {
        readingPaused = false;
        runOnLoop(this::applyAutoRead);
    }

    @Override
    public boolean isReadingPaused() {
        return readingPaused;
    }

    /** loop: Netty's auto-read follows the last pause or resume (whichever thread called last). */
    private void applyAutoRead() {
        boolean read = !readingPaused;
        if (channel.config().isAutoRead() != read) {
            channel.config().setAutoRead(read);
        }
    }

    @Override
    public synchronized Connection addListener(ConnectionListener listener) {
        Objects.requireNonNull(listener, "listener");
        ConnectionListener[] old = listeners;
        ConnectionListener[] next = java.util.Arrays.copyOf(old, old.length + 1);
        next[old.length] = listener;
        listeners = next;
        return this;
    }

    @Override
    public Map<String, Object> attributes() {
        Map<String, Object> a = attributes;
        if (a == null) {
            synchronized (this) {
                a = attributes;
                if (a == null) {
                    a = new ConcurrentHashMap<>(4);
                    attributes = a;
                }
            }
        }
        return a;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        java.net.SocketAddress a = channel.remoteAddress();
        return a instanceof InetSocketAddress ? (InetSocketAddress) a : null;
    }

    @Override
    public HandshakeRequest request() {
        return request;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public List<String> extensions() {
        return extensions;
    }

    @Override
    public String toString() {
        return "WebSocketConnection{" + id + ", " + state + ", " + channel.remoteAddress() + '}';
    }

    // ---------------------------------------------------------------- lifecycle, called on the loop

    /** loop: the frame handler was added; writes go through {@code ctx}. */
    void attach(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        ChannelHandlerContext encoder = ctx.pipeline().context(WebSocketFrameEncoder.class);
        // Encoded frames (DataFrames) enter the pipeline below Netty's encoder, which would only pass them on.
        this.encodedFrameCtx = encoder != null ? encoder : ctx;
    }

    /** Runs the {@code onOpen} listeners (call on the loop, after the handshake, once listeners are added). */
    public void fireOpen() {
        for (ConnectionListener l : listeners) {
            try {
                l.onOpen(this);
            } catch (Throwable t) {
                listenerFailed("onOpen", t);
            }
        }
    }

    /** loop: a read batch starts. */
    void readBatchStarted() {
        inReadBatch = true;
    }

    /** loop: a read batch ended: one flush for everything written during it. */
    void readBatchEnded() {
        inReadBatch = false;
        if (needsFlush) {
            flushNow();
        }
    }

    /** loop: the peer's message. */
    void onMessage(Message message) {
        if (traffic != null) {
            traffic.received(message.size());
        }
        if (inboundGate != null && !inboundGate.admit(this, message)) {
            return;
        }
        for (ConnectionListener l : listeners) {
            try {
                l.onMessage(this, message);
            } catch (Throwable t) {
                listenerFailed("onMessage", t);
            }
        }
    }

    /** loop: a ping arrived; the pong goes out at once (flushed with the read batch). */
    void onPing(ByteBuf payload) {
        if (state == ReadyState.OPEN) {
            write(new PongWebSocketFrame(payload.retainedDuplicate()), null);
            if (outboundBytes() > limits.maxBufferedBytes()) {
                closeAsSlowConsumer(); // a peer that pings without reading our pongs
            }
        }
        ConnectionListener[] ls = listeners;
        if (ls.length == 0) {
            return;
        }
        byte[] bytes = ByteBufUtil.getBytes(payload);
        for (ConnectionListener l : ls) {
            try {
                l.onPing(this, bytes);
            } catch (Throwable t) {
                listenerFailed("onPing", t);
            }
        }
    }

    /** loop: a pong arrived. */
    void onPong(ByteBuf payload) {
        ConnectionListener[] ls = listeners;
        if (ls.length == 0) {
            return;
        }
        byte[] bytes = ByteBufUtil.getBytes(payload);
        for (ConnectionListener l : ls) {
            try {
                l.onPong(this, bytes);
            } catch (Throwable t) {
                listenerFailed("onPong", t);
            }
        }
    }

    /**
     * loop: the peer's close frame ({@code code} 1005 when it had none). Answers it (RFC 6455 5.5.1) and, as a
     * server, closes TCP; a client waits for the server to close, up to the close timeout.
     */
    void onCloseFrame(int code, String reason) {
        closeFrameReceived = true;
        if (!closeFrameSent) {
            closeEvent = new CloseEvent(code, reason, true, true);
            state = ReadyState.CLOSING;
            int answer = code == CloseCode.NO_STATUS.code() ? -1 : code;
            writeClose(answer, "");
            armCloseTimer();
        } else if (closeEvent != null && !closeEvent.clean()) {
            closeEvent = new CloseEvent(closeEvent.code(), closeEvent.reason(), closeEvent.remote(), true);
        }
        if (role.closesTcpFirst()) {
            if (needsFlush) {
                ctx.flush();
                needsFlush = false;
            }
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * loop: the peer broke the protocol or a limit. Reports it to {@code onError}, sends a close frame with the
     * exception's code and message, and closes the channel without waiting for the peer's answer.
     */
    void failConnection(WebSocketProtocolException e) {
        if (state == ReadyState.CLOSED || closeReported) {
            return;
        }
        LimitLog.warnOnce(log, "close-" + e.closeCode(), "connection {} from {}: closing with {}: {}", id,
                channel.remoteAddress(), e.closeCode(), e.getMessage());
        fireError(e);
        if (!closeFrameSent) {
            closeEvent = new CloseEvent(e.closeCode(), e.getMessage(), false, false);
            state = ReadyState.CLOSING;
            writeClose(e.closeCode(), truncateReason(e.getMessage()));
        }
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        needsFlush = false;
        armCloseTimer();
    }

    /** loop: the channel is closed: report once. */
    void onChannelClosed() {
        state = ReadyState.CLOSED;
        if (closeTimer != null) {
            closeTimer.cancel(false);
            closeTimer = null;
        }
        if (closeReported) {
            return;
        }
        closeReported = true;
        CloseEvent event = closeEvent != null
                ? closeEvent
                : new CloseEvent(CloseCode.ABNORMAL.code(), "connection dropped without a close frame", true, false);
        for (ConnectionListener l : listeners) {
            try {
                l.onClose(this, event);
            } catch (Throwable t) {
                listenerFailed("onClose", t);
            }
        }
    }

    /** loop: an unexpected error (I/O or a bug); reported, then the channel is closed. */
    void onUnexpectedError(Throwable t) {
        if (!(t instanceof java.io.IOException)) {
            log.warn("connection {}: unexpected error", id, t);
            fireError(t);
        } else {
            log.debug("connection {}: I/O error: {}", id, t.toString());
        }
        channel.close();
    }

    /**
     * loop: starts the close handshake with our code (ignored unless open). Used by {@link #close}, heartbeat and
     * idle timeouts, and the server's graceful stop.
     */
    void startClose(int code, String reason, boolean remote) {
        if (state != ReadyState.OPEN) {
            return;
        }
        state = ReadyState.CLOSING;
        closeEvent = new CloseEvent(code, reason, remote, false);
        writeClose(code, reason);
        flushNow();
        armCloseTimer();
    }

    /** loop: drops the channel at once, reporting {@code event} (unless a close was already decided). */
    void drop(CloseEvent event) {
        if (state == ReadyState.CLOSED) {
            return;
        }
        if (closeEvent == null || state == ReadyState.OPEN) {
            closeEvent = event;
        }
        state = ReadyState.CLOSING;
        channel.close();
    }

    /** loop: the outbound buffer passed its cap. Logged once per connection (only the first call gets here). */
    void closeAsSlowConsumer() {
        if (state != ReadyState.OPEN) {
            return;
        }
        long buffered = bufferedAmount();
        LimitLog.warnOnce(log, "slow-consumer",
                "connection {} from {}: slow consumer, {} bytes waiting to be sent (limit {}): closing with 4000",
                id, channel.remoteAddress(), buffered, limits.maxBufferedBytes());
        startClose(CloseCode.SLOW_CONSUMER.code(),
                "slow consumer: more than " + limits.maxBufferedBytes() + " bytes waiting to be sent", false);
        // A peer that does not read will not read our close frame either: stop reading what it still sends (its
        // sends wait in TCP) rather than decode and drop it until the close timer ends the connection.
        channel.config().setAutoRead(false);
    }

    // ---------------------------------------------------------------- writing, on the loop

    private boolean writeData(Object frame, int payloadBytes, SendCallback callback) {
        if (state != ReadyState.OPEN) {
            ReferenceCountUtil.release(frame);
            fail(callback, new ClosedChannelException());
            return false;
        }
        if (traffic != null) {
            traffic.sent(payloadBytes);
        }
        write(frame instanceof Message m ? outbox.frameOf(loop, m) : frame, callback);
        if (outboundBytes() > limits.maxBufferedBytes()) {
            closeAsSlowConsumer();
        } else {
            checkWritability();
        }
        return true;
    }

    /**
     * loop: re-reads the buffered bytes against the water marks and tells the listeners of a change. While
     * unwritable, a drain marker (an empty write) is kept in the outbound buffer behind the data: it completes when
     * everything before it was written, and checks again.
     */
    void checkWritability() {
        if (state != ReadyState.OPEN) {
            return;
        }
        boolean was = writable;
        boolean seenEarly = unwritableSeenEarly;
        unwritableSeenEarly = false;
        boolean now = WaterMarks.writableAfter(was && !seenEarly, bufferedAmount(), limits.lowWaterMark(),
                limits.highWaterMark());
        if (!now && !drainWatched) {
            drainWatched = true;
            write(Unpooled.EMPTY_BUFFER, error -> {
                drainWatched = false;
                checkWritability();
            });
        }
        if (now != was) {
            writable = now;
            announceWritability(now);
        } else if (seenEarly && now) {
            // a caller saw it unwritable and the bytes drained before the loop looked: both events, in order
            announceWritability(false);
            announceWritability(true);
        }
    }

    private void announceWritability(boolean now) {
        for (ConnectionListener l : listeners) {
            try {
                l.onWritabilityChanged(this, now);
            } catch (Throwable t) {
                listenerFailed("onWritabilityChanged", t);
            }
        }
    }

    private boolean sendControl(WebSocketFrame frame) {
        if (state != ReadyState.OPEN) {
            frame.release();
            return false;
        }
        runOnLoop(() -> {
            if (state == ReadyState.OPEN) {
                write(frame, null);
            } else {
                frame.release();
            }
        });
        return true;
    }

    /** loop: writes a frame (a {@link WebSocketFrame} or an encoded {@link ByteBuf}) and arranges a flush. */
    void write(Object frame, SendCallback callback) {
        ChannelPromise promise;
        if (callback == null) {
            promise = ctx.voidPromise();
        } else {
            promise = ctx.newPromise();
            promise.addListener(f -> callback.onComplete(f.cause()));
        }
        (frame instanceof ByteBuf ? encodedFrameCtx : ctx).write(frame, promise);
        needsFlush = true;
        if (!inReadBatch && !flushScheduled) {
            flushScheduled = true;
            outbox.flushLater(loop, this);
        }
    }

    /** loop: flushes what was written since the last flush. */
    void flushNow() {
        flushScheduled = false;
        if (needsFlush) {
            needsFlush = false;
            ctx.flush();
        }
    }

    private void writeClose(int code, String reason) {
        closeFrameSent = true;
        CloseWebSocketFrame frame = code < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, reason);
        write(frame, null);
    }

    private void armCloseTimer() {
        if (closeTimer != null) {
            return;
        }
        long nanos = limits.closeTimeout().toNanos();
        closeTimer = loop.schedule(() -> {
            if (channel.isOpen()) {
                log.debug("connection {}: close handshake not finished within {}, dropping", id, limits.closeTimeout());
                channel.close();
            }
        }, Math.max(nanos, 1), TimeUnit.NANOSECONDS);
    }

    private long outboundBytes() {
        ChannelOutboundBuffer buf = channel.unsafe().outboundBuffer();
        return buf == null ? 0 : buf.totalPendingWriteBytes();
    }

    private void runOnLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    // ---------------------------------------------------------------- helpers

    private void fireError(Throwable error) {
        for (ConnectionListener l : listeners) {
            try {
                l.onError(this, error);
            } catch (Throwable t) {
                log.warn("connection {}: onError listener threw", id, t);
            }
        }
    }

    private void listenerFailed(String event, Throwable t) {
        log.warn("connection {}: {} listener threw", id, event, t);
        fireError(t);
    }

    private static void fail(SendCallback callback, Throwable error) {
        if (callback != null) {
            try {
                callback.onComplete(error);
            } catch (Throwable t) {
                log.warn("send callback threw", t);
            }
        }
    }

    private static byte[] checkControl(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        if (payload.length > MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("ping/pong payload is " + payload.length
                    + " bytes; at most " + MAX_CONTROL_PAYLOAD + " are allowed");
        }
        return payload;
    }

    /** Cuts {@code reason} to at most 123 UTF-8 bytes, at a character boundary. */
    static String truncateReason(String reason) {
        if (reason == null) {
            return "";
        }
        if (ByteBufUtil.utf8Bytes(reason) <= MAX_REASON_BYTES) {
            return reason;
        }
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        int end = MAX_REASON_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
