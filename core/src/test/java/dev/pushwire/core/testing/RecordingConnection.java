package dev.pushwire.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.core.CloseCode;
import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionListener;
import dev.pushwire.core.HandshakeRequest;
import dev.pushwire.core.Message;
import dev.pushwire.core.ReadyState;
import dev.pushwire.core.SendCallback;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link Connection} that records what is sent to it, for unit tests of code that talks to
 * connections (the hub). The test plays the peer: {@link #receive} delivers a message as if the peer sent it
 * (listeners run on the calling thread, which stands for the connection's I/O thread), and {@link #nextMessage()}
 * takes what the code sent, in order, waiting up to 5 seconds. {@link #assertExhausted()} at the end checks that
 * nothing unexpected was sent.
 *
 * <p>Backpressure: {@link #stall()} makes sends pile up in {@link #bufferedAmount()} with their callbacks held,
 * as with a peer that stopped reading, and the connection turns unwritable ({@code onWritabilityChanged(false)});
 * {@link #resume()} writes them out (fires the callbacks), then turns writable again.
 *
 * <p>Thread safe: code under test may send from any thread.
 */
public final class RecordingConnection implements Connection {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final long WAIT_SECONDS = 5;

    private final String id;
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final BlockingQueue<Message> sent = new LinkedBlockingQueue<>();
    private final BlockingQueue<CloseEvent> closes = new LinkedBlockingQueue<>();
    /** Guarded by this. */
    private ReadyState state = ReadyState.OPEN;
    /** Guarded by this. */
    private boolean stalled;
    /** Guarded by this. */
    private long buffered;
    /** Guarded by this. */
    private boolean readingPaused;
    /** Whether a close by the code under test waits for {@link #completeClose()}; guarded by this. */
    private boolean deferCloseEvent;
    /** The close event {@link #completeClose()} delivers; guarded by this. */
    private CloseEvent deferredClose;
    /** Callbacks of sends held while stalled; guarded by this. */
    private final List<SendCallback> held = new ArrayList<>();

    public RecordingConnection() {
        this.id = "rec-" + IDS.incrementAndGet();
    }

    // ---- the peer's side ----

    /** Delivers a text message from the peer to the listeners, on the calling thread. */
    public void receive(String text) {
        for (ConnectionListener l : listeners) {
            l.onMessage(this, Message.text(text));
        }
    }

    /**
     * The peer stops reading: further sends add to {@link #bufferedAmount()} and their callbacks wait; the
     * connection is no longer writable (listeners told on the calling thread).
     */
    public void stall() {
        synchronized (this) {
            if (stalled) {
                return;
            }
            stalled = true;
        }
        for (ConnectionListener l : listeners) {
            l.onWritabilityChanged(this, false);
        }
    }

    /** Turns writable without writing the held messages (what a drain to the low water mark looks like). */
    public void drainWithoutWriting() {
        synchronized (this) {
            stalled = false;
        }
        for (ConnectionListener l : listeners) {
            l.onWritabilityChanged(this, true);
        }
    }

    /** The peer reads again: what piled up is written and the held callbacks run (on the calling thread). */
    public void resume() {
        List<SendCallback> callbacks;
        boolean wasStalled;
        synchronized (this) {
            wasStalled = stalled;
            stalled = false;
            buffered = 0;
            callbacks = new ArrayList<>(held);
            held.clear();
        }
        callbacks.forEach(cb -> cb.onComplete(null));
        if (wasStalled) {
            for (ConnectionListener l : listeners) {
                l.onWritabilityChanged(this, true);
            }
        }
    }

    /**
     * Makes a later {@link #close} by the code under test behave as a WebSocket's closing handshake: the connection
     * turns {@link ReadyState#CLOSING} (sends refused) and the close is recorded for {@link #assertClosed}, but the
     * close listeners run only at {@link #completeClose()}, as when the peer's close frame comes back.
     */
    public synchronized void deferCloseEvent() {
        deferCloseEvent = true;
    }

    /** Ends a deferred close: the connection turns CLOSED and the close listeners run, on the calling thread. */
    public void completeClose() {
        CloseEvent event;
        synchronized (this) {
            event = deferredClose;
            deferredClose = null;
            if (event == null) {
                return;
            }
            state = ReadyState.CLOSED;
        }
        for (ConnectionListener l : listeners) {
            l.onClose(this, event);
        }
    }

    /** The peer goes away: close listeners run with 1006, as for a dropped TCP connection. */
    public void drop() {
        closeWith(new CloseEvent(CloseCode.ABNORMAL.code(), "", true, false));
    }

    // ---- typed asserts ----

    /** The next message sent, waiting up to 5 s; fails if none came. */
    public Message nextMessage() {
        try {
            Message m = sent.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(m).as("a message sent to connection %s within %d s", id, WAIT_SECONDS).isNotNull();
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next message sent, as text. */
    public String nextText() {
        Message m = nextMessage();
        assertThat(m.isText()).as("a text message, got %s", m).isTrue();
        return m.text();
    }

    /** Waits for the connection to be closed by the code under test and checks the code; returns the reason. */
    public String assertClosed(CloseCode code) {
        try {
            CloseEvent e = closes.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(e).as("connection %s closed within %d s", id, WAIT_SECONDS).isNotNull();
            assertThat(e.code()).as("close code (reason: %s)", e.reason()).isEqualTo(code.code());
            return e.reason();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /** Checks that every sent message was taken and no close went unchecked. */
    public void assertExhausted() {
        assertThat(sent).as("messages sent to %s and not checked", id).isEmpty();
        assertThat(closes).as("closes of %s not checked", id).isEmpty();
    }

    // ---- Connection ----

    @Override
    public String id() {
        return id;
    }

    @Override
    public String transport() {
        return "memory";
    }

    @Override
    public synchronized ReadyState readyState() {
        return state;
    }

    @Override
    public boolean send(Message message, SendCallback callback) {
        boolean written;
        synchronized (this) {
            if (state != ReadyState.OPEN) {
                written = false;
            } else {
                sent.add(message);
                if (stalled) {
                    buffered += message.size();
                    if (callback != null) {
                        held.add(callback);
                    }
                    return true;
                }
                written = true;
            }
        }
        if (callback != null) {
            callback.onComplete(written ? null : new IllegalStateException("connection closed"));
        }
        return written;
    }

    @Override
    public boolean ping(byte[] payload) {
        return isOpen();
    }

    @Override
    public boolean pong(byte[] payload) {
        return isOpen();
    }

    @Override
    public void close(int code, String reason) {
        if (!CloseCode.isValidOnWire(code)) {
            throw new IllegalArgumentException("invalid close code " + code);
        }
        CloseEvent event = new CloseEvent(code, reason, false, true);
        synchronized (this) {
            if (deferredClose != null) {
                return; // already closing
            }
            if (deferCloseEvent && state == ReadyState.OPEN) {
                state = ReadyState.CLOSING;
                deferredClose = event;
                closes.add(event);
                return;
            }
        }
        closeWith(event);
    }

    @Override
    public void terminate() {
        closeWith(new CloseEvent(CloseCode.ABNORMAL.code(), "", false, false));
    }

    private void closeWith(CloseEvent event) {
        synchronized (this) {
            if (state == ReadyState.CLOSED) {
                return;
            }
            state = ReadyState.CLOSED;
        }
        if (!event.remote()) {
            closes.add(event);
        }
        for (ConnectionListener l : listeners) {
            l.onClose(this, event);
        }
    }

    @Override
    public synchronized long bufferedAmount() {
        return buffered;
    }

    @Override
    public synchronized boolean isWritable() {
        return state == ReadyState.OPEN && !stalled;
    }

    @Override
    public synchronized void pauseReading() {
        readingPaused = true;
    }

    @Override
    public synchronized void resumeReading() {
        readingPaused = false;
    }

    @Override
    public synchronized boolean isReadingPaused() {
        return readingPaused;
    }

    @Override
    public Connection addListener(ConnectionListener listener) {
        listeners.add(listener);
        return this;
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 0);
    }

    @Override
    public HandshakeRequest request() {
        return null;
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
        return "RecordingConnection[" + id + "]";
    }
}
