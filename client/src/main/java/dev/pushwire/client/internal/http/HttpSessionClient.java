package dev.pushwire.client.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushwire.client.ConnectFailedException;
import dev.pushwire.core.CloseCode;
import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionListener;
import dev.pushwire.core.HandshakeRequest;
import dev.pushwire.core.Message;
import dev.pushwire.core.ReadyState;
import dev.pushwire.core.SendCallback;
import dev.pushwire.core.internal.session.SequencedMessage;
import dev.pushwire.core.internal.session.SessionClose;
import dev.pushwire.core.internal.session.SessionCodec;
import dev.pushwire.core.internal.session.SessionException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of the HTTP session protocol (docs/protocol.md) over SSE, long polling or polling, as a
 * {@link Connection}. One receive loop and one send loop, each on its own daemon thread with blocking JDK
 * {@link HttpClient} calls; a failed request is retried as it was (same {@code ack}, same {@code seq} and body) with
 * jittered exponential backoff, so the session resumes with nothing lost or duplicated: resent server messages are
 * dropped by {@code seq}, and the server applies a retried POST once. The client gives up (close 1006) when the server
 * has been unreachable for the session timeout, and reports the server's close (or a 404 with the close that ended the
 * session) as a remote close.
 *
 * <p>Events go to one {@link ConnectionListener} through {@code events}, a serial executor, in order.
 */
public final class HttpSessionClient implements Connection {
    private static final Logger log = LoggerFactory.getLogger(HttpSessionClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong IDS = new AtomicLong();
    private static final int MAX_MESSAGES_PER_POST = 500;
    /** Put in the outgoing queue to wake the send loop for an acknowledgement; never sent. */
    private static final Pending WAKE = new Pending(Message.binary(new byte[0]), null);

    private final String id = "http-client-" + IDS.incrementAndGet();
    private final URI endpoint;
    private final String transport;
    private final Map<String, List<String>> headers;
    private final Executor events;
    private final ConnectionListener sink;
    private final HttpClient http;
    private final HandshakeRequest request;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final LinkedBlockingDeque<Pending> outgoing = new LinkedBlockingDeque<>();
    private final List<Pending> inFlight = new CopyOnWriteArrayList<>();
    private final AtomicLong buffered = new AtomicLong();
    private final ReadGate readGate = new ReadGate();
    /** Water-mark state of {@link #buffered}; changed under {@code this}, read anywhere. */
    private volatile boolean writable = true;
    private final AtomicBoolean closeFired = new AtomicBoolean();
    private final CompletableFuture<Void> opened = new CompletableFuture<>();

    private volatile ReadyState state = ReadyState.CONNECTING;
    /** Written once by the open; read by both loops. */
    private volatile String sid;
    private volatile long sessionTimeoutMs = 30_000;
    private volatile long holdMs = 25_000;
    private volatile long maxPostBytes = 1 << 20;
    private volatile long maxQueuedBytes = 4 << 20;
    /** SSE: the longest a received message goes unacknowledged, as the server announced it (ackMs; 1 s if not). */
    private volatile long ackMs = 1000;
    /** Receive loop only (written), read by the send loop for acks. */
    private volatile long lastSeq;
    /** Send loop only. */
    private long ackedSent;
    private long sentSeq;
    private long firstUnackedAt;
    /** Payload bytes delivered since the last acknowledgement sent; receive loop adds, send loop resets. */
    private final AtomicLong unackedBytes = new AtomicLong();
    private Thread receiver;
    private Thread sender;

    /**
     * @param endpoint  {@code http://} or {@code https://} URL of the endpoint (its query is kept)
     * @param transport {@code sse}, {@code longpolling} or {@code polling}
     */
    public HttpSessionClient(URI endpoint, String transport, Map<String, List<String>> headers,
                             Duration connectTimeout, Executor events, ConnectionListener sink) {
        this(endpoint, transport, headers, connectTimeout, null, events, sink);
    }

    /**
     * @param endpoint   {@code http://} or {@code https://} URL of the endpoint (its query is kept)
     * @param transport  {@code sse}, {@code longpolling} or {@code polling}
     * @param sslContext for {@code https://}; null uses the JDK's default (its CAs, host names checked)
     */
    public HttpSessionClient(URI endpoint, String transport, Map<String, List<String>> headers,
                             Duration connectTimeout, SSLContext sslContext, Executor events,
                             ConnectionListener sink) {
        this.endpoint = endpoint;
        this.transport = transport;
        this.headers = headers;
        this.events = events;
        this.sink = sink;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout);
        if (sslContext != null) {
            b.sslContext(sslContext);
        }
        this.http = b.build();
        this.request = new ClientRequest(endpoint, headers);
    }

    /** Opens the session in the background; the future completes when it is open, or fails with why not. */
    public CompletableFuture<Void> start() {
        Thread t = new Thread(this::openThenReceive, id + "-receive");
        t.setDaemon(true);
        receiver = t;
        t.start();
        return opened;
    }

    // ---------------------------------------------------------------- opening and receiving

    private void openThenReceive() {
        try {
            if (transport.equals("sse")) {
                sseLoop();
            } else {
                HttpResponse<byte[]> r = http.send(get(url(base(), "transport", transport)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    throw new HttpStatusException(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
                }
                onOpenInfo(JSON.readTree(r.body()));
                pollLoop();
            }
        } catch (Exception e) {
            if (state == ReadyState.CONNECTING) {
                state = ReadyState.CLOSED;
                opened.completeExceptionally(e);
            } else if (state != ReadyState.CLOSED) {
                fail(e);
            }
        }
    }

    private void onOpenInfo(JsonNode info) {
        sid = info.get("sid").asText();
        sessionTimeoutMs = info.path("sessionTimeoutMs").asLong(sessionTimeoutMs);
        holdMs = info.path("holdMs").asLong(holdMs);
        maxPostBytes = info.path("maxPostBytes").asLong(maxPostBytes);
        maxQueuedBytes = info.path("maxQueuedBytes").asLong(maxQueuedBytes);
        ackMs = Math.max(1, info.path("ackMs").asLong(ackMs));
        state = ReadyState.OPEN;
        Thread t = new Thread(this::sendLoop, id + "-send");
        t.setDaemon(true);
        sender = t;
        t.start();
        events.execute(() -> {
            sink.onOpen(this);
            opened.complete(null);
        });
    }

    private void pollLoop() throws InterruptedException {
        Backoff backoff = backoff();
        long failingSince = 0;
        while (running()) {
            readGate.awaitOpen();
            try {
                HttpResponse<byte[]> r = http.send(get(url(session(), "ack", Long.toString(lastSeq)))
                        .timeout(Duration.ofMillis(holdMs + 30_000)).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() == 200) {
                    backoff.reset();
                    failingSince = 0;
                    SessionCodec.Batch batch = SessionCodec.decodeBatch(r.body());
                    batch.messages().forEach(this::deliver);
                    if (batch.close() != null) {
                        remoteClose(batch.close());
                        return;
                    }
                    if (transport.equals("polling") && batch.messages().isEmpty()) {
                        Thread.sleep(Math.min(1000, Math.max(10, holdMs / 25))); // the polling interval
                    }
                    continue;
                }
                if (!retryable(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8))) {
                    return;
                }
            } catch (IOException | SessionException e) {
                log.debug("{}: receive failed, retrying: {}", id, e.toString());
            }
            failingSince = failingSince == 0 ? System.nanoTime() : failingSince;
            if (givenUp(failingSince)) {
                return;
            }
            Thread.sleep(backoff.nextDelayMillis());
        }
    }

    private void sseLoop() throws Exception {
        Backoff backoff = backoff();
        long failingSince = 0;
        while (state == ReadyState.CONNECTING || running()) {
            try {
                HttpRequest.Builder b = get(sid == null ? url(base(), "transport", "sse") : session())
                        .header("Accept", "text/event-stream");
                if (sid != null) {
                    b.header("Last-Event-ID", Long.toString(lastSeq));
                }
                HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                if (r.statusCode() == 200) {
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(),
                            StandardCharsets.UTF_8))) {
                        if (readEvents(in, backoff)) {
                            return;
                        }
                    }
                    failingSince = 0;
                } else {
                    String body;
                    try (InputStream in = r.body()) {
                        body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
                    }
                    if (sid == null) {
                        throw new HttpStatusException(r.statusCode(), body);
                    }
                    if (!retryable(r.statusCode(), body)) {
                        return;
                    }
                }
            } catch (IOException | SessionException e) {
                if (sid == null) {
                    throw e;
                }
                log.debug("{}: SSE stream broke, resuming: {}", id, e.toString());
            }
            failingSince = failingSince == 0 ? System.nanoTime() : failingSince;
            if (givenUp(failingSince)) {
                return;
            }
            Thread.sleep(backoff.nextDelayMillis());
        }
    }

    /**
     * Reads one stream as an SSE parser does (lines end at LF, CR or CRLF; {@code data:} lines joined with LF; one
     * space after the colon dropped); true when the session ended (close event).
     */
    private boolean readEvents(BufferedReader in, Backoff backoff) throws IOException, SessionException,
            InterruptedException {
        String event = null;
        String id = null;
        StringBuilder data = new StringBuilder();
        boolean hasData = false;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (hasData) {
                    backoff.reset();
                    String type = event == null ? "message" : event;
                    switch (type) {
                        case "open" -> onOpenInfo(JSON.readTree(data.toString()));
                        case "close" -> {
                            remoteClose(SessionCodec.decodeClose(data.toString()));
                            return true;
                        }
                        default -> {
                            SequencedMessage m = SessionCodec.decodeSseMessage(type, id, data.toString());
                            if (m != null) {
                                deliver(m);
                            }
                        }
                    }
                }
                event = null;
                data.setLength(0);
                hasData = false;
                readGate.awaitOpen(); // paused: the stream is not read, so the server's queue keeps the rest
            } else if (line.charAt(0) != ':') {
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                int from = colon < 0 ? line.length() : colon + 1;
                if (from < line.length() && line.charAt(from) == ' ') {
                    from++;
                }
                String value = line.substring(from);
                switch (field) {
                    case "event" -> event = value;
                    case "id" -> id = value;
                    case "data" -> {
                        if (hasData) {
                            data.append('\n');
                        }
                        data.append(value);
                        hasData = true;
                    }
                    default -> {
                        // retry and unknown fields: nothing to do
                    }
                }
            }
            if (!running() && state != ReadyState.CONNECTING) {
                return true;
            }
        }
        return false;
    }

    private void deliver(SequencedMessage m) {
        if (m.seq() <= lastSeq) {
            return; // sent again after a lost answer: already delivered
        }
        lastSeq = m.seq();
        if (unackedBytes.addAndGet(m.message().size()) >= maxQueuedBytes / 4 && transport.equals("sse")) {
            outgoing.offer(WAKE); // the server's queue is filling: acknowledge now, not at the next tick
        }
        Message message = m.message();
        events.execute(() -> sink.onMessage(this, message));
    }

    // ---------------------------------------------------------------- sending

    private void sendLoop() {
        Backoff backoff = backoff();
        long failingSince = 0;
        try {
            while (running()) {
                if (inFlight.isEmpty()) {
                    Pending first = outgoing.poll(100, TimeUnit.MILLISECONDS);
                    while (first == WAKE) {
                        first = outgoing.poll();
                    }
                    if (first != null) {
                        inFlight.add(first);
                        long bytes = first.message.size();
                        Pending next;
                        while (inFlight.size() < MAX_MESSAGES_PER_POST && (next = outgoing.peek()) != null
                                && bytes + next.message.size() < maxPostBytes / 3) {
                            outgoing.poll();
                            if (next != WAKE) {
                                inFlight.add(next);
                                bytes += next.message.size();
                            }
                        }
                    }
                }
                long ack = lastSeq;
                if (inFlight.isEmpty() && !ackDue(ack)) {
                    continue;
                }
                List<Message> batch = new ArrayList<>(inFlight.size());
                inFlight.forEach(p -> batch.add(p.message));
                StringBuilder q = new StringBuilder(session().toString()).append("&ack=").append(ack);
                if (!batch.isEmpty()) {
                    q.append("&seq=").append(sentSeq + 1);
                }
                try {
                    HttpResponse<String> r = http.send(request(URI.create(q.toString()))
                            .timeout(Duration.ofSeconds(30)).header("Content-Type", "text/plain;charset=utf-8")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(SessionCodec.encodePost(batch))).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 || r.statusCode() == 204) { // 204: a bare acknowledgement's answer
                        backoff.reset();
                        failingSince = 0;
                        ackedSent = ack;
                        unackedBytes.set(0);
                        firstUnackedAt = 0;
                        sentSeq += batch.size();
                        for (Pending p : inFlight) {
                            buffered.addAndGet(-p.message.size());
                            complete(p.callback, null);
                        }
                        inFlight.clear();
                        checkWritability();
                        continue;
                    }
                    if (!retryable(r.statusCode(), r.body())) {
                        return;
                    }
                } catch (IOException e) {
                    log.debug("{}: POST failed, retrying the same: {}", id, e.toString());
                }
                failingSince = failingSince == 0 ? System.nanoTime() : failingSince;
                if (givenUp(failingSince)) {
                    return;
                }
                Thread.sleep(backoff.nextDelayMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SSE: an ack-only POST when a quarter of the server's queue limit, or the server's {@code ackMs} since the first
     * unacknowledged message, went unacknowledged (docs/protocol.md 4.2).
     */
    private boolean ackDue(long ack) {
        if (!transport.equals("sse") || ack <= ackedSent) {
            return false;
        }
        long now = System.nanoTime();
        if (firstUnackedAt == 0) {
            firstUnackedAt = now;
        }
        return now - firstUnackedAt >= TimeUnit.MILLISECONDS.toNanos(ackMs)
                || unackedBytes.get() >= maxQueuedBytes / 4;
    }

    // ---------------------------------------------------------------- errors and closing

    /** For a non-200 answer: true to retry (5xx, 429), false when the session is over or the request is wrong. */
    private boolean retryable(int status, String body) {
        if (status >= 500 || status == 429 || status == 408) {
            return true;
        }
        if (status == 404) {
            SessionClose close = null;
            try {
                JsonNode n = JSON.readTree(body).path("close");
                if (n.has("code")) {
                    close = new SessionClose(n.get("code").asInt(), n.path("reason").asText(""));
                }
            } catch (IOException ignored) {
                // not our JSON: a plain 404
            }
            remoteClose(close != null ? close : new SessionClose(CloseCode.SESSION_EXPIRED.code(),
                    "the server does not know the session any more"));
            return false;
        }
        fail(new HttpStatusException(status, body));
        return false;
    }

    private boolean givenUp(long failingSince) {
        if (System.nanoTime() - failingSince > TimeUnit.MILLISECONDS.toNanos(sessionTimeoutMs)) {
            closeLocally(new CloseEvent(CloseCode.ABNORMAL.code(), "server unreachable for longer than the session"
                    + " timeout (" + sessionTimeoutMs + " ms)", true, false));
            return true;
        }
        return false;
    }

    private void fail(Exception e) {
        events.execute(() -> sink.onError(this, e));
        closeLocally(new CloseEvent(CloseCode.PROTOCOL_ERROR.code(), "the server refused a request: "
                + e.getMessage(), false, false));
    }

    private void remoteClose(SessionClose close) {
        // while our own close (DELETE) is under way, the server's echo of it is still our close
        closeLocally(new CloseEvent(close.code(), close.reason(), state != ReadyState.CLOSING, true));
    }

    private void closeLocally(CloseEvent event) {
        if (!closeFired.compareAndSet(false, true)) {
            return;
        }
        state = ReadyState.CLOSED;
        stopLoops();
        IOException closed = new IOException("connection closed (" + event.code() + " " + event.reason() + ")");
        for (Pending p : inFlight) {
            complete(p.callback, closed);
        }
        Pending p;
        while ((p = outgoing.poll()) != null) {
            complete(p.callback, closed);
        }
        buffered.set(0);
        events.execute(() -> sink.onClose(this, event));
    }

    private void stopLoops() {
        Thread current = Thread.currentThread();
        for (Thread t : new Thread[] {receiver, sender}) {
            if (t != null && t != current) {
                t.interrupt();
            }
        }
    }

    private boolean running() {
        return state == ReadyState.OPEN || state == ReadyState.CLOSING;
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
        if (state != ReadyState.OPEN) {
            complete(callback, new IOException(id + " is not open (" + state + ")"));
            return false;
        }
        long limit = maxQueuedBytes;
        if (buffered.get() + message.size() > limit) {
            String reason = "slow consumer: more than " + limit + " bytes waiting to be sent";
            complete(callback, new IOException(id + ": " + reason + "; the connection closes with 4000"));
            close(CloseCode.SLOW_CONSUMER.code(), reason);
            return false;
        }
        buffered.addAndGet(message.size());
        outgoing.add(new Pending(message, callback));
        checkWritability();
        return true;
    }

    @Override
    public boolean isWritable() {
        return writable && state == ReadyState.OPEN;
    }

    /** Water marks over the outgoing queue: half and a quarter of the server's queue limit (sent at the open). */
    private void checkWritability() {
        boolean changed;
        boolean now;
        synchronized (this) {
            now = dev.pushwire.core.internal.WaterMarks.writableAfter(writable, buffered.get(), maxQueuedBytes / 4,
                    maxQueuedBytes / 2);
            changed = now != writable;
            writable = now;
        }
        if (changed && running()) {
            events.execute(() -> sink.onWritabilityChanged(this, now));
        }
    }

    /** Stops polling (or reading the SSE stream) until resumed; the server keeps what we do not read. */
    @Override
    public void pauseReading() {
        readGate.pause();
    }

    @Override
    public void resumeReading() {
        readGate.resume();
    }

    @Override
    public boolean isReadingPaused() {
        return readGate.isPaused();
    }

    /** HTTP sessions have no ping frames; the requests themselves are the heartbeat. Returns whether open. */
    @Override
    public boolean ping(byte[] payload) {
        return isOpen();
    }

    @Override
    public boolean pong(byte[] payload) {
        return isOpen();
    }

    /** Sends the close (a DELETE) after the messages already queued, then reports the close. */
    @Override
    public void close(int code, String reason) {
        if (state != ReadyState.OPEN) {
            if (state == ReadyState.CONNECTING) {
                terminate();
            }
            return;
        }
        state = ReadyState.CLOSING;
        String r = reason == null ? "" : reason;
        Thread t = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while ((!outgoing.isEmpty() || !inFlight.isEmpty()) && System.nanoTime() < deadline
                    && !closeFired.get()) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
            boolean clean = false;
            try {
                URI u = URI.create(session() + "&code=" + code + "&reason=" + URLEncoder.encode(r,
                        StandardCharsets.UTF_8));
                clean = http.send(request(u).timeout(Duration.ofSeconds(5)).DELETE().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                log.debug("{}: DELETE failed: {}", id, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closeLocally(new CloseEvent(code, r, false, clean));
        }, id + "-close");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void terminate() {
        if (state == ReadyState.CONNECTING) {
            opened.completeExceptionally(new IOException("terminated while opening"));
        }
        closeLocally(new CloseEvent(CloseCode.ABNORMAL.code(), "terminated", false, false));
    }

    @Override
    public long bufferedAmount() {
        return buffered.get();
    }

    @Override
    public Connection addListener(ConnectionListener listener) {
        throw new UnsupportedOperationException("events go to the listener given at construction");
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

    // ---------------------------------------------------------------- helpers

    private Backoff backoff() {
        return new Backoff(Duration.ofMillis(50), Duration.ofSeconds(5), new Random());
    }

    private String base() {
        return endpoint.toString();
    }

    private URI session() {
        return url(url(base(), "transport", transport).toString(), "sid", sid);
    }

    private URI url(URI base, String name, String value) {
        return url(base.toString(), name, value);
    }

    private static URI url(String base, String name, String value) {
        return URI.create(base + (base.indexOf('?') >= 0 ? "&" : "?") + name + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder get(URI uri) {
        return request(uri).GET();
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        headers.forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        return b;
    }

    private void complete(SendCallback callback, Throwable error) {
        if (callback != null) {
            events.execute(() -> callback.onComplete(error));
        }
    }

    private record Pending(Message message, SendCallback callback) {
    }

    /** Why opening failed, as the client's {@link ConnectFailedException}. */
    public static ConnectFailedException asConnectFailure(URI uri, String transport, Throwable error) {
        Throwable e = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        String where = uri + " (" + transport + ")";
        if (e instanceof HttpStatusException h) {
            return new ConnectFailedException(ConnectFailedException.Reason.REJECTED, where + ": the server answered HTTP "
                    + h.status() + (h.body().isBlank() ? "" : ": " + h.body().strip()), h.status(), h.body(), h);
        }
        if (e instanceof java.net.http.HttpConnectTimeoutException) {
            return new ConnectFailedException(ConnectFailedException.Reason.CONNECT_TIMEOUT, where
                    + ": the TCP connection did not open in time", e);
        }
        if (e instanceof java.net.ConnectException) {
            return new ConnectFailedException(ConnectFailedException.Reason.REFUSED, where
                    + ": connection refused; is the server running?", e);
        }
        return new ConnectFailedException(ConnectFailedException.Reason.IO, where + ": cannot open: " + e, e);
    }

    /** A non-200 answer the client cannot retry. */
    public static final class HttpStatusException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String body;

        HttpStatusException(int status, String body) {
            super("HTTP " + status + ": " + body);
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String body() {
            return body;
        }
    }
}
