package dev.pushwire.client;

import dev.pushwire.client.ConnectFailedException.Reason;
import dev.pushwire.client.internal.ClientEvents;
import dev.pushwire.client.internal.ClientEvents.Kind;
import dev.pushwire.client.internal.ClientEventLoops;
import dev.pushwire.client.internal.ClientHandshaker;
import dev.pushwire.client.internal.ClientTls;
import dev.pushwire.client.internal.SentHandshakeRequest;
import dev.pushwire.client.internal.WebSocketDialer;
import dev.pushwire.client.internal.http.HttpSessionClient;
import dev.pushwire.core.CloseCode;
import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionListener;
import dev.pushwire.core.HandshakeRequest;
import dev.pushwire.core.Message;
import dev.pushwire.core.ReadyState;
import dev.pushwire.core.SendCallback;
import dev.pushwire.websocket.internal.LeakDetection;
import dev.pushwire.websocket.internal.WebSocketConnection;
import dev.pushwire.websocket.internal.WebSocketPipeline;
import dev.pushwire.websocket.internal.WebSocketRole;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtension;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket client with the same event API as a server-side {@link Connection}, shaped like Node's {@code ws}:
 * <pre>{@code
 * PushwireClient ws = PushwireClient.connect("ws://localhost:8080/");
 * ws.onOpen(() -> ws.send("hello world!"));
 * ws.onMessage(msg -> System.out.println("message " + msg.text()));
 * }</pre>
 *
 * <h2>Life</h2>
 * {@link #connect} returns at once, in {@link ReadyState#CONNECTING}; the TCP connect, the optional TLS handshake
 * and the upgrade run in the background. Then either the open listeners run ({@link ReadyState#OPEN}) or the
 * attempt fails: the error listeners get a {@link ConnectFailedException} (refused, timeout, TLS, the HTTP status and
 * body of a refused upgrade, ...) and the close listeners a {@link CloseEvent} with 1006. {@link #awaitOpen} blocks
 * until either happens. Once open it behaves as the {@link Connection} contract says: {@code send} never blocks,
 * {@code close} runs the close handshake and drops the connection if the server does not answer within the close
 * timeout of {@link ClientOptions#limits()}, the client pings a silent server (ping interval) and gives up on one
 * that does not answer (ping timeout).
 *
 * <h2>Listeners added late</h2>
 * Open and close are remembered: an {@code onOpen} or {@code onClose} listener added after the fact runs at once
 * (on the event loop). A message or error for which no listener of its kind has been added yet is held and given,
 * in order, to the first such listener: a message that arrives between the open and {@code onMessage} is not lost
 * (held messages are bounded by {@code limits().maxBufferedBytes()}).
 *
 * <h2>Threading</h2>
 * Every method may be called from any thread; none blocks except {@link #awaitOpen}. Listeners run on this client's
 * event loop, one at a time, and must not block. Clients share a small pool of daemon event-loop threads (native
 * epoll where available).
 */
public final class PushwireClient implements Connection {
    static {
        LeakDetection.offUnlessConfigured();
    }

    private static final Logger LOG = LoggerFactory.getLogger(PushwireClient.class);
    private static final AtomicLong IDS = new AtomicLong();

    private final String id = "client-" + IDS.incrementAndGet();
    private final URI uri;
    private final String host;
    private final int port;
    private final boolean tls;
    private final ClientOptions options;
    private final EventLoop loop;
    /** Event-loop confined (see {@link ClientEvents}). */
    private final ClientEvents events;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    /** Completes when open, fails with the {@link ConnectFailedException} of a failed attempt. */
    private final CompletableFuture<Void> opened = new CompletableFuture<>();

    /** Written on the event loop only; read anywhere. Only the pre-open and failed states live here. */
    private volatile ReadyState state = ReadyState.CONNECTING;
    /** Written on the event loop only, once; the connected channel. */
    private volatile Channel channel;
    /** Written on the event loop only, once: the open WebSocket, from the shared websocket engine. */
    private volatile Connection socket;
    /** Set by pause/resumeReading from any thread; applied to {@link #socket} when it opens. */
    private volatile boolean readingPaused;
    /** Written on the event loop only, once the handshake succeeded. */
    private volatile String protocol = "";
    /** Written on the event loop only, once the handshake succeeded. */
    private volatile List<String> extensions = List.of();
    /** Written on the event loop only; the sent upgrade request, with the resolved address once connected. */
    private volatile HandshakeRequest request;
    /** Event-loop confined: the transports still to try after the current attempt (see ClientOptions.transports). */
    private final Deque<String> transportsLeft;
    /** Written on the event loop only: the transport being tried or in use. */
    private volatile String current = "websocket";
    /** Event-loop confined: the HTTP session being opened, if the current attempt is an HTTP transport. */
    private HttpSessionClient pendingHttp;
    /** Event-loop confined: the transports tried so far that failed, and why, in order. */
    private final List<String> failedTransports = new ArrayList<>();
    /** Event-loop confined: the failures of {@link #failedTransports}, at the same index. */
    private final List<ConnectFailedException> failures = new ArrayList<>();

    private PushwireClient(URI uri, ClientOptions options) {
        this.uri = uri;
        this.options = options;
        this.tls = uri.getScheme().equals("wss");
        String h = uri.getHost();
        this.host = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h; // IPv6 literal
        this.port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
        this.loop = ClientEventLoops.group().next();
        this.events = new ClientEvents(this, options.limits().maxBufferedBytes());
        this.request = new SentHandshakeRequest(uri, customHeaders(), InetSocketAddress.createUnresolved(host, port));
        this.transportsLeft = new ArrayDeque<>(options.transports());
    }

    /**
     * Opens a WebSocket to {@code uri} ({@code ws://} or {@code wss://}) with {@link ClientOptions#DEFAULT}; returns
     * at once, in {@link ReadyState#CONNECTING}.
     *
     * @throws IllegalArgumentException if the URI is malformed, has another scheme, no host, or a fragment
     */
    public static PushwireClient connect(String uri) {
        return connect(URI.create(uri), ClientOptions.DEFAULT);
    }

    /**
     * Opens a WebSocket to {@code uri} ({@code ws://} or {@code wss://}) with {@code options}; returns at once, in
     * {@link ReadyState#CONNECTING}.
     *
     * @throws IllegalArgumentException if the URI has another scheme, no host, or a fragment
     */
    public static PushwireClient connect(URI uri, ClientOptions options) {
        PushwireClient client = new PushwireClient(checkUri(uri), options);
        client.loop.execute(client::startNext);
        return client;
    }

    private static URI checkUri(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") || scheme.equals("https")) {
            scheme = scheme.equals("http") ? "ws" : "wss"; // as ws and browsers do
        }
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("not a WebSocket URI (ws:// or wss://): " + uri);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the URI has no host: " + uri);
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("a WebSocket URI must not have a fragment (RFC 6455 3): " + uri);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return URI.create(scheme + "://" + uri.getRawAuthority() + path
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    private HttpHeaders customHeaders() {
        HttpHeaders h = new DefaultHttpHeaders();
        options.headers().forEach(h::add);
        return h;
    }

    /** On the event loop: the WebSocket attempt. */
    private void start() {
        if (state != ReadyState.CONNECTING) {
            return; // closed before it started
        }
        WebSocketDialer.dial(uri, host, port, options, customHeaders(), loop, new WebSocketAttempt());
    }

    /** This client's side of the WebSocket attempt; on the event loop. */
    private final class WebSocketAttempt implements WebSocketDialer.Attempt {
        @Override
        public boolean stillWanted() {
            return state == ReadyState.CONNECTING && "websocket".equals(current);
        }

        @Override
        public void connected(Channel ch) {
            channel = ch;
            request = new SentHandshakeRequest(uri, customHeaders(), (InetSocketAddress) ch.remoteAddress());
        }

        @Override
        public void upgraded(ChannelHandlerContext ctx, ClientHandshaker handshaker) {
            opened(ctx, handshaker);
        }

        @Override
        public void failed(ConnectFailedException error) {
            connectFailed(error);
        }
    }

    private void opened(ChannelHandlerContext ctx, ClientHandshaker handshaker) {
        String negotiated = handshaker.actualSubprotocol(); // the attempt is still wanted: the dialer checked
        protocol = negotiated == null ? "" : negotiated;
        extensions = handshaker.extensionHeader().isEmpty() ? List.of() : List.of(handshaker.extensionHeader());
        WebSocketConnection open = new WebSocketConnection(id, ctx.channel(), WebSocketRole.CLIENT, options.limits(),
                request, protocol, extensions);
        open.addListener(new Forwarder());
        WebSocketClientExtension ext = handshaker.extension();
        WebSocketPipeline.install(ctx.pipeline(), open,
                ext == null ? null : ext.newExtensionEncoder(),
                ext == null ? null : ext.newExtensionDecoder());
        socket = open;
        if (readingPaused) {
            open.pauseReading();
        }
        state = ReadyState.OPEN;
        LOG.debug("{}: open to {} (protocol '{}', extensions {})", id, uri, protocol, extensions);
        events.fireOpen();
        opened.complete(null);
    }

    /** Hands the engine's events (on the event loop) to this client's listeners, with this client as connection. */
    private final class Forwarder implements ConnectionListener {
        @Override
        public void onMessage(Connection connection, Message message) {
            events.fireMessage(message);
        }

        @Override
        public void onPing(Connection connection, byte[] payload) {
            events.firePing(payload);
        }

        @Override
        public void onPong(Connection connection, byte[] payload) {
            events.firePong(payload);
        }

        @Override
        public void onError(Connection connection, Throwable error) {
            events.fireError(error);
        }

        @Override
        public void onWritabilityChanged(Connection connection, boolean writable) {
            events.fireWritabilityChanged(writable);
        }

        @Override
        public void onClose(Connection connection, CloseEvent event) {
            state = ReadyState.CLOSED;
            events.fireClose(event);
        }
    }

    /** On the event loop: tries the next transport of the preference list. */
    private void startNext() {
        String next = transportsLeft.poll();
        current = next;
        if ("websocket".equals(next)) {
            start();
        } else {
            startHttp(next);
        }
    }

    /** On the event loop: opens an HTTP session (sse, longpolling, polling) to the same URI. */
    private void startHttp(String transport) {
        URI httpUri = URI.create((tls ? "https" : "http") + uri.toString().substring(uri.getScheme().length()));
        SSLContext sslContext;
        try {
            sslContext = tls ? ClientTls.jdkContext(options.trustedCertificates(), options.verifyHostname()) : null;
        } catch (UncheckedIOException e) {
            connectFailed(new ConnectFailedException(Reason.TLS, httpUri + " (" + transport + "): "
                    + e.getCause().getMessage(), e.getCause()));
            return;
        }
        HttpSessionClient http = new HttpSessionClient(httpUri, transport, options.headers(), options.connectTimeout(),
                sslContext, loop, new HttpForwarder());
        pendingHttp = http;
        Duration deadline = options.connectTimeout().plus(options.handshakeTimeout());
        ScheduledFuture<?> timer = loop.schedule(() -> {
            if (pendingHttp == http) {
                pendingHttp = null;
                http.terminate();
                connectFailed(new ConnectFailedException(Reason.HANDSHAKE_TIMEOUT, httpUri + " (" + transport
                        + "): not open within " + deadline + " (connectTimeout + handshakeTimeout)", null));
            }
        }, deadline.toNanos(), TimeUnit.NANOSECONDS);
        http.start().whenComplete((ok, err) -> {
            timer.cancel(false);
            if (err == null) {
                httpOpened(http); // completed on the event loop, before any message of the session is fired
            } else {
                loop.execute(() -> {
                    if (pendingHttp == http) {
                        pendingHttp = null;
                        connectFailed(HttpSessionClient.asConnectFailure(httpUri, transport, err));
                    }
                });
            }
        });
    }

    private void httpOpened(HttpSessionClient http) {
        if (pendingHttp != http) {
            http.terminate(); // given up on (open deadline) meanwhile
            return;
        }
        pendingHttp = null;
        if (state != ReadyState.CONNECTING) {
            http.terminate(); // aborted meanwhile
            return;
        }
        request = http.request();
        socket = http;
        if (readingPaused) {
            http.pauseReading();
        }
        state = ReadyState.OPEN;
        LOG.debug("{}: open to {} over {}", id, uri, http.transport());
        events.fireOpen();
        opened.complete(null);
    }

    /** Forwards an HTTP session's events once it is this client's connection (not while it is being tried). */
    private final class HttpForwarder implements ConnectionListener {
        private final Forwarder forwarder = new Forwarder();

        @Override
        public void onMessage(Connection connection, Message message) {
            if (socket == connection) {
                forwarder.onMessage(connection, message);
            }
        }

        @Override
        public void onError(Connection connection, Throwable error) {
            if (socket == connection) {
                forwarder.onError(connection, error);
            }
        }

        @Override
        public void onWritabilityChanged(Connection connection, boolean writable) {
            if (socket == connection) {
                forwarder.onWritabilityChanged(connection, writable);
            }
        }

        @Override
        public void onClose(Connection connection, CloseEvent event) {
            if (socket == connection) {
                forwarder.onClose(connection, event);
            }
        }
    }

    /**
     * On the event loop: the attempt failed. With transports left to try, the next one starts, unless the attempt
     * was aborted or failed in a way every transport would (see {@link #fallsBack}); otherwise: error then
     * close(1006), once. The error lists every transport's failure when several were tried.
     */
    private void connectFailed(ConnectFailedException failure) {
        if (state == ReadyState.CLOSED || socket != null) {
            return;
        }
        if (failure.reason() != Reason.ABORTED) {
            failedTransports.add(current);
            failures.add(failure);
        }
        if (fallsBack(failure) && !transportsLeft.isEmpty()) {
            LOG.debug("{}: {} failed ({}); falling back to {}", id, current, failure.getMessage(), transportsLeft.peek());
            Channel ch = channel;
            if (ch != null) {
                ch.close();
            }
            startNext();
            return;
        }
        ConnectFailedException error = failures.size() > 1 && failure.reason() != Reason.ABORTED
                ? ConnectFailedException.ofAttempts(uri.toString(), failedTransports, failures) : failure;
        HttpSessionClient http = pendingHttp;
        if (http != null) {
            pendingHttp = null;
            http.terminate();
        }
        state = ReadyState.CLOSED;
        LOG.debug("{}: {}", id, error.getMessage());
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
        events.fireError(error);
        events.fireClose(new CloseEvent(CloseCode.ABNORMAL.code(), shortReason(error), true, false));
        opened.completeExceptionally(error);
    }

    /**
     * Whether the next transport is worth trying after this failure. Not after an abort, nor when the host does not
     * resolve, nothing listens on the port, or TLS failed: the HTTP transports use the same host, port and TLS, so
     * they would fail the same way, only later. Nor after a {@code 101} that broke the handshake (a subprotocol we
     * did not offer or none of ours, a wrong accept key): the server speaks WebSocket, and an HTTP transport, which
     * negotiates no subprotocol, would hide the disagreement.
     */
    private static boolean fallsBack(ConnectFailedException failure) {
        return switch (failure.reason()) {
            case ABORTED, UNKNOWN_HOST, REFUSED, TLS, INVALID_HANDSHAKE -> false;
            default -> true;
        };
    }

    private static String shortReason(ConnectFailedException e) {
        return "connect failed: " + e.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /**
     * Blocks until the connection is open, and returns this client; returns at once if it has opened already (even
     * if it has closed since).
     *
     * @throws ConnectFailedException with the reason if the attempt failed (refused, timeouts, TLS, the HTTP status
     *                                and body of a refused upgrade, ...), or with {@link Reason#AWAIT_TIMEOUT} if
     *                                it is still connecting after {@code timeout} (the attempt goes on)
     */
    public PushwireClient awaitOpen(Duration timeout) {
        try {
            opened.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return this;
        } catch (TimeoutException e) {
            throw new ConnectFailedException(Reason.AWAIT_TIMEOUT, uri + ": not open after " + timeout
                    + " (still " + readyState() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectFailedException(Reason.AWAIT_TIMEOUT, uri + ": interrupted while awaiting the open", e);
        } catch (ExecutionException e) {
            throw ((ConnectFailedException) e.getCause()).rethrown();
        }
    }

    /** Calls {@code handler} on the event loop once the connection is open (at once if it has opened already). */
    public PushwireClient onOpen(Runnable handler) {
        return listen(new ConnectionListener() {
            @Override
            public void onOpen(Connection connection) {
                handler.run();
            }
        }, EnumSet.of(Kind.OPEN));
    }

    @Override
    public PushwireClient onMessage(Consumer<Message> handler) {
        return listen(new ConnectionListener() {
            @Override
            public void onMessage(Connection connection, Message message) {
                handler.accept(message);
            }
        }, EnumSet.of(Kind.MESSAGE));
    }

    @Override
    public PushwireClient onClose(Consumer<CloseEvent> handler) {
        return listen(new ConnectionListener() {
            @Override
            public void onClose(Connection connection, CloseEvent event) {
                handler.accept(event);
            }
        }, EnumSet.of(Kind.CLOSE));
    }

    @Override
    public PushwireClient onError(Consumer<Throwable> handler) {
        return listen(new ConnectionListener() {
            @Override
            public void onError(Connection connection, Throwable error) {
                handler.accept(error);
            }
        }, EnumSet.of(Kind.ERROR));
    }

    @Override
    public PushwireClient onPing(Consumer<byte[]> handler) {
        return listen(new ConnectionListener() {
            @Override
            public void onPing(Connection connection, byte[] payload) {
                handler.accept(payload);
            }
        }, EnumSet.of(Kind.PING));
    }

    @Override
    public PushwireClient onPong(Consumer<byte[]> handler) {
        return listen(new ConnectionListener() {
            @Override
            public void onPong(Connection connection, byte[] payload) {
                handler.accept(payload);
            }
        }, EnumSet.of(Kind.PONG));
    }

    @Override
    public PushwireClient onWritabilityChanged(Consumer<Boolean> handler) {
        return listen(new ConnectionListener() {
            @Override
            public void onWritabilityChanged(Connection connection, boolean writable) {
                handler.accept(writable);
            }
        }, EnumSet.of(Kind.WRITABILITY));
    }

    @Override
    public PushwireClient onDrain(Runnable handler) {
        return onWritabilityChanged(writable -> {
            if (writable) {
                handler.run();
            }
        });
    }

    /** Adds a listener for every event; the connection passed to it is this client. */
    @Override
    public PushwireClient addListener(ConnectionListener listener) {
        return listen(listener, EnumSet.allOf(Kind.class));
    }

    private PushwireClient listen(ConnectionListener listener, EnumSet<Kind> kinds) {
        if (loop.inEventLoop()) {
            events.add(listener, kinds);
        } else {
            loop.execute(() -> events.add(listener, kinds));
        }
        return this;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String transport() {
        Connection s = socket;
        return s != null ? s.transport() : current;
    }

    @Override
    public ReadyState readyState() {
        Connection s = socket;
        return s != null ? s.readyState() : state;
    }

    @Override
    public boolean send(Message message, SendCallback callback) {
        Connection s = socket;
        if (s != null) {
            return s.send(message, callback);
        }
        if (callback != null) {
            IllegalStateException notOpen = new IllegalStateException(id + " is not open (" + readyState() + ")");
            loop.execute(() -> callback.onComplete(notOpen));
        }
        return false;
    }

    @Override
    public boolean ping(byte[] payload) {
        Connection s = socket;
        return s != null && s.ping(payload);
    }

    @Override
    public boolean pong(byte[] payload) {
        Connection s = socket;
        return s != null && s.pong(payload);
    }

    /**
     * Starts the close handshake (see {@link Connection#close(int, String)}). While still connecting, abandons the
     * attempt instead: the error listeners get a {@link ConnectFailedException} with {@link Reason#ABORTED} and the
     * close listeners 1006, as in {@code ws}.
     */
    @Override
    public void close(int code, String reason) {
        if (!CloseCode.isValidOnWire(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent (RFC 6455 7.4): use 1000, "
                    + "1001-1003, 1007-1014 or 3000-4999");
        }
        if (reason != null && reason.getBytes(StandardCharsets.UTF_8).length > 123) {
            throw new IllegalArgumentException("a close reason is at most 123 UTF-8 bytes");
        }
        Connection s = socket;
        if (s != null) {
            s.close(code, reason);
        } else {
            abort("close(" + code + ") was called");
        }
    }

    /** Drops the connection at once; while still connecting, abandons the attempt (see {@link #close(int, String)}). */
    @Override
    public void terminate() {
        Connection s = socket;
        if (s != null) {
            s.terminate();
        } else {
            abort("terminate() was called");
        }
    }

    private void abort(String why) {
        loop.execute(() -> {
            Connection s = socket;
            if (s != null) {
                s.terminate(); // opened meanwhile
            } else {
                connectFailed(new ConnectFailedException(Reason.ABORTED, uri + ": " + why
                        + " before the connection was established", null));
            }
        });
    }

    @Override
    public long bufferedAmount() {
        Connection s = socket;
        return s != null ? s.bufferedAmount() : 0;
    }

    /** Writable while connecting: what is sent then fails at once (see {@link #send}). */
    @Override
    public boolean isWritable() {
        Connection s = socket;
        return s == null || s.isWritable();
    }

    /** Takes effect on the transport's connection once open, if called while connecting. */
    @Override
    public void pauseReading() {
        readingPaused = true;
        Connection s = socket;
        if (s != null) {
            s.pauseReading();
        }
    }

    @Override
    public void resumeReading() {
        readingPaused = false;
        Connection s = socket;
        if (s != null) {
            s.resumeReading();
        }
    }

    @Override
    public boolean isReadingPaused() {
        return readingPaused;
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** The server's address (unresolved until the TCP connection is open). */
    @Override
    public InetSocketAddress remoteAddress() {
        return request.remoteAddress();
    }

    /** The upgrade request this client sent: the URI and the custom headers. */
    @Override
    public HandshakeRequest request() {
        return request;
    }

    /** The URI this client connects to (normalized: {@code http} → {@code ws}, empty path → {@code /}). */
    public URI uri() {
        return uri;
    }

    /** The options this client was made with. */
    public ClientOptions options() {
        return options;
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
        return "PushwireClient[" + id + " " + uri + " " + readyState() + "]";
    }
}
