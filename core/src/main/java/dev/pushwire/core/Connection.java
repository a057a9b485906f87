package dev.pushwire.core;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One peer, whatever the transport: a WebSocket, or an emulated session over SSE, long polling or polling.
 * Shaped like a {@code ws} WebSocket: {@code send}, {@code ping}, {@code close}, {@code terminate} and events.
 *
 * <h2>Life</h2>
 * {@link ReadyState#CONNECTING} → {@link ReadyState#OPEN} → {@link ReadyState#CLOSING} → {@link ReadyState#CLOSED}.
 * The close listeners run exactly once, whoever closed and however.
 *
 * <h2>Sending</h2>
 * {@code send} queues the message and returns at once; it never blocks. It returns {@code false}, and queues
 * nothing, once the connection is closing or closed (the callback, if any, is then told of the failure). While the
 * peer reads slower than we write, queued bytes grow ({@link #bufferedAmount()}); past the connection's limit the
 * connection is closed with {@link CloseCode#SLOW_CONSUMER}, so one slow peer cannot take the server's memory.
 *
 * <h2>Flow control</h2>
 * Code that can wait for a slow peer should not rely on that close: it watches {@link #isWritable()}, which turns
 * false when {@link #bufferedAmount()} passes the high water mark and true again once it falls to the low water
 * mark ({@link ConnectionLimits#highWaterMark()}, {@link ConnectionLimits#lowWaterMark()}); each change is told to
 * {@link ConnectionListener#onWritabilityChanged}. While not writable it stops producing, typically by
 * {@link #pauseReading()} on the connection whose messages cause the sends (on a WebSocket the socket is no longer
 * read, so TCP makes the peer wait; on an HTTP session its POSTs are held unanswered, see {@link #pauseReading()}), and {@link #resumeReading()} on {@link #onDrain}. {@code EndpointOptions
 * .pauseReadingWhileUnwritable} does this for a handler that answers its own connection's messages (an echo, a
 * request/response). {@code send} itself never waits: the water marks only inform; the slow-consumer close stays
 * the hard limit.
 *
 * <h2>Threading</h2>
 * Every method may be called from any thread. Listeners run on the connection's I/O thread, in order, and must not
 * block (see {@link ConnectionListener}). Messages sent from one thread are delivered in the order sent.
 */
public interface Connection {

    /** A unique id for this connection within the server process. */
    String id();

    /** The transport in use: {@code websocket}, {@code sse}, {@code longpolling} or {@code polling}. */
    String transport();

    /** The current state. */
    ReadyState readyState();

    /** Whether the connection is {@link ReadyState#OPEN}. */
    default boolean isOpen() {
        return readyState() == ReadyState.OPEN;
    }

    /** Sends a text message. Returns false if the connection is not open. */
    default boolean send(String text) {
        return send(Message.text(text), null);
    }

    /** Sends a text message and tells {@code callback} when it was written or failed. */
    default boolean send(String text, SendCallback callback) {
        return send(Message.text(text), callback);
    }

    /** Sends a binary message. The array must not be changed afterwards. */
    default boolean send(byte[] data) {
        return send(Message.binary(data), null);
    }

    /** Sends a binary message and tells {@code callback} when it was written or failed. */
    default boolean send(byte[] data, SendCallback callback) {
        return send(Message.binary(data), callback);
    }

    /** Sends a message of either type. Returns false, and tells the callback, if the connection is not open. */
    boolean send(Message message, SendCallback callback);

    /**
     * Sends a message; the future completes when it was written (to the socket; for an HTTP session, handed to the
     * client's request) or fails with why not (the connection closed first, or was not open: then it is already
     * failed). The future completes on the connection's I/O thread: do not block in its callbacks.
     */
    default CompletableFuture<Void> sendAsync(Message message) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        send(message, error -> {
            if (error == null) {
                written.complete(null);
            } else {
                written.completeExceptionally(error);
            }
        });
        return written;
    }

    /**
     * Whether sending more is welcome: true while {@link #bufferedAmount()} stayed below the high water mark, or
     * has fallen back to the low water mark since it passed it. False once the connection is closing or closed.
     * Sending while not writable still works (up to {@link ConnectionLimits#maxBufferedBytes()}, past which the
     * connection is closed as a slow consumer); this is the signal to stop producing, and
     * {@link ConnectionListener#onWritabilityChanged} the signal to go on.
     */
    boolean isWritable();

    /**
     * Stops taking messages from the peer until {@link #resumeReading()}: a WebSocket stops reading its socket
     * (messages already read are still delivered, then none until resumed), so the peer's TCP sends stall; an HTTP
     * session holds its POSTs unapplied and unanswered until resumed (one held longer than the session's hold time
     * is answered 429 {@code reading_paused} with {@code Retry-After}, and the client sends it again). Pings still get pongs as
     * long as they are read. The heartbeat does not close a connection whose reading we paused. Idempotent; may be
     * called from any thread (it takes effect on the connection's I/O thread).
     */
    void pauseReading();

    /** Reads from the peer again after {@link #pauseReading()}. Idempotent; any thread. */
    void resumeReading();

    /** Whether {@link #pauseReading()} is in force. */
    boolean isReadingPaused();

    /** Sends a ping with an empty payload. */
    default boolean ping() {
        return ping(new byte[0]);
    }

    /** Sends a ping; {@code payload} is at most 125 bytes. The answer arrives at {@link ConnectionListener#onPong}. */
    boolean ping(byte[] payload);

    /** Sends an unsolicited pong; {@code payload} is at most 125 bytes. */
    boolean pong(byte[] payload);

    /** Starts the close handshake with 1000 and no reason. */
    default void close() {
        close(CloseCode.NORMAL.code(), "");
    }

    /**
     * Starts the close handshake: queued messages are written, then a close frame with {@code code} and
     * {@code reason} (at most 123 UTF-8 bytes). The connection is dropped if the peer does not answer within the
     * close timeout. Does nothing if already closing.
     *
     * @throws IllegalArgumentException if {@code code} may not be sent (see {@link CloseCode#isValidOnWire}) or the
     *                                  reason is too long
     */
    void close(int code, String reason);

    /** Closes with a {@link CloseCode} and reason. */
    default void close(CloseCode code, String reason) {
        close(code.code(), reason);
    }

    /** Drops the connection at once, without a close handshake; queued messages are discarded. */
    void terminate();

    /** Bytes queued for sending but not yet written to the socket. */
    long bufferedAmount();

    /** Adds a listener for every event. Listeners run in the order added. */
    Connection addListener(ConnectionListener listener);

    /** Calls {@code handler} with each message. */
    default Connection onMessage(Consumer<Message> handler) {
        return addListener(new ConnectionListener() {
            @Override
            public void onMessage(Connection connection, Message message) {
                handler.accept(message);
            }
        });
    }

    /** Calls {@code handler} once when the connection closes. */
    default Connection onClose(Consumer<CloseEvent> handler) {
        return addListener(new ConnectionListener() {
            @Override
            public void onClose(Connection connection, CloseEvent event) {
                handler.accept(event);
            }
        });
    }

    /** Calls {@code handler} with each error. */
    default Connection onError(Consumer<Throwable> handler) {
        return addListener(new ConnectionListener() {
            @Override
            public void onError(Connection connection, Throwable error) {
                handler.accept(error);
            }
        });
    }

    /** Calls {@code handler} with each ping's payload (the pong is sent automatically). */
    default Connection onPing(Consumer<byte[]> handler) {
        return addListener(new ConnectionListener() {
            @Override
            public void onPing(Connection connection, byte[] payload) {
                handler.accept(payload);
            }
        });
    }

    /** Calls {@code handler} with each pong's payload. */
    default Connection onPong(Consumer<byte[]> handler) {
        return addListener(new ConnectionListener() {
            @Override
            public void onPong(Connection connection, byte[] payload) {
                handler.accept(payload);
            }
        });
    }

    /** Calls {@code handler} with each change of {@link #isWritable()} (see {@link ConnectionListener#onWritabilityChanged}). */
    default Connection onWritabilityChanged(Consumer<Boolean> handler) {
        return addListener(new ConnectionListener() {
            @Override
            public void onWritabilityChanged(Connection connection, boolean writable) {
                handler.accept(writable);
            }
        });
    }

    /**
     * Calls {@code handler} each time the connection becomes writable again: what was buffered fell to the low
     * water mark (like Node's {@code 'drain'}).
     */
    default Connection onDrain(Runnable handler) {
        return addListener(new ConnectionListener() {
            @Override
            public void onWritabilityChanged(Connection connection, boolean writable) {
                if (writable) {
                    handler.run();
                }
            }
        });
    }

    /** Application data attached to this connection (thread-safe map). */
    Map<String, Object> attributes();

    /** An attribute, or null. */
    @SuppressWarnings("unchecked")
    default <T> T attribute(String key) {
        return (T) attributes().get(key);
    }

    /** Sets an attribute (null removes it). */
    default Connection attribute(String key, Object value) {
        if (value == null) {
            attributes().remove(key);
        } else {
            attributes().put(key, value);
        }
        return this;
    }

    /** The peer's address. */
    InetSocketAddress remoteAddress();

    /** The request that opened the connection: URI, headers, cookies. */
    HandshakeRequest request();

    /** The negotiated subprotocol, or the empty string. */
    String protocol();

    /** The negotiated extensions, as in the {@code Sec-WebSocket-Extensions} response header; empty if none. */
    List<String> extensions();
}
