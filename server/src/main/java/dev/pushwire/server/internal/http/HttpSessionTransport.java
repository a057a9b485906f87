package dev.pushwire.server.internal.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pushwire.core.CloseCode;
import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.core.ConnectionListener;
import dev.pushwire.core.HandshakeRequest;
import dev.pushwire.core.Message;
import dev.pushwire.core.cluster.NodeBus;
import dev.pushwire.core.internal.session.Receiver;
import dev.pushwire.core.internal.session.Session;
import dev.pushwire.core.internal.session.SessionClose;
import dev.pushwire.core.internal.session.SessionCodec;
import dev.pushwire.core.internal.session.SessionException;
import dev.pushwire.core.internal.session.SessionRegistry;
import dev.pushwire.core.internal.session.SessionSettings;
import dev.pushwire.server.HttpTransportOptions;
import dev.pushwire.server.UpgradeDecision;
import dev.pushwire.server.internal.ConnectionIds;
import dev.pushwire.server.internal.ConnectionRegistry;
import dev.pushwire.server.internal.Endpoint;
import dev.pushwire.server.internal.NettyHandshakeRequest;
import dev.pushwire.server.internal.UpgradeDecider;
import dev.pushwire.server.internal.security.OriginPolicy;
import dev.pushwire.server.internal.security.Refusal;
import dev.pushwire.server.internal.security.SecurityChecks;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP transports (SSE, long polling, polling) of every endpoint: answers each request that carries
 * {@code ?transport=} on an endpoint path, per docs/protocol.md. One instance per server; thread-safe.
 *
 * <p>Each session is confined to the event loop of the channel that opened it; requests arriving on other
 * channels hop there. The endpoint's handler runs on that loop, as for a WebSocket connection.
 */
public final class HttpSessionTransport implements HttpTransports {
    /** The {@code transport} values this class answers. */
    public static final List<String> TRANSPORTS = List.of("sse", "longpolling", "polling");

    private static final Logger log = LoggerFactory.getLogger(HttpSessionTransport.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final HttpTransportOptions options;
    private final SecurityChecks security;
    private final boolean tls;
    private final ConnectionLimits defaultLimits;
    private final ConnectionRegistry connections;
    private final UpgradeDecider decider;
    private final SessionRegistry registry;
    private final SessionForwarding forwarding;
    /** The node id that starts connection ids ({@link ConnectionIds}), or null on a server without a cluster bus. */
    private final String connectionIdNode;
    private final LongAdder slowConsumers = new LongAdder();
    private final LongAdder expired = new LongAdder();

    /**
     * @param security       origins, per-address limits and the message rate (docs/security.md)
     * @param tls            whether the server serves https (the scheme of its own origin)
     * @param defaultLimits  the server's limits, for endpoints without their own
     * @param connections    the server's open connections: a session takes a slot (503 when full), is listed while
     *                       open (so {@code server.connections()} and a graceful stop see it) and frees it on close
     * @param decider        the upgrade hook: decides on each session-opening request as on a WebSocket handshake;
     *                       its attributes are set on the session before the handler runs
     */
    public HttpSessionTransport(HttpTransportOptions options, SecurityChecks security, boolean tls,
                                ConnectionLimits defaultLimits, ConnectionRegistry connections,
                                UpgradeDecider decider) {
        this(options, security, tls, defaultLimits, connections, decider, NodeBus.local(), null);
    }

    /**
     * @param bus the cluster bus: session ids start with its node id, and requests for sessions of other nodes are
     *            forwarded over it (the caller starts it with {@link #forwarding()} as its listener)
     */
    public HttpSessionTransport(HttpTransportOptions options, SecurityChecks security, boolean tls,
                                ConnectionLimits defaultLimits, ConnectionRegistry connections,
                                UpgradeDecider decider, NodeBus bus) {
        this(options, security, tls, defaultLimits, connections, decider, bus, bus.nodeId());
    }

    private HttpSessionTransport(HttpTransportOptions options, SecurityChecks security, boolean tls,
                                 ConnectionLimits defaultLimits, ConnectionRegistry connections,
                                 UpgradeDecider decider, NodeBus bus, String connectionIdNode) {
        this.connectionIdNode = connectionIdNode;
        this.decider = decider;
        this.options = options;
        this.defaultLimits = defaultLimits;
        this.security = security;
        this.tls = tls;
        this.connections = connections;
        this.registry = new SessionRegistry(options.rememberClosedSessions());
        long hold = Math.max(options.longPollHold().toMillis(), options.sseHeartbeat().toMillis());
        this.forwarding = new SessionForwarding(bus, this, options.forwardTimeout(),
                2 * hold + options.forwardTimeout().toMillis());
    }

    /** Sessions across nodes: the bus listener to start the bus with, and forwarding counts. */
    public SessionForwarding forwarding() {
        return forwarding;
    }

    /** Whether {@code request} is for this class: it carries a {@code transport} query parameter. */
    public static boolean wants(FullHttpRequest request) {
        return request.uri().indexOf('?') >= 0
                && new QueryStringDecoder(request.uri()).parameters().containsKey("transport");
    }

    /** The open sessions, as connections (a live view). */
    public Collection<? extends Connection> sessions() {
        return registry.sessions();
    }

    /** Sessions closed as slow consumers since start. */
    public long slowConsumerCount() {
        return slowConsumers.sum();
    }

    /** Sessions expired since start. */
    public long expiredCount() {
        return expired.sum();
    }

    /** Closes every session (server shutdown): held polls and streams get the close. */
    public void closeAll(CloseCode code, String reason) {
        for (Session s : registry.sessions()) {
            s.close(code, reason);
        }
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest request, NettyHandshakeRequest parsed,
                          Endpoint endpoint, String transport, boolean keepAlive) {
        if (!TRANSPORTS.contains(transport)) {
            return false;
        }
        handle(ctx, request, parsed, new EndpointBinding(endpoint.path(),
                endpoint.options().limits() != null ? endpoint.options().limits() : defaultLimits,
                c -> endpoint.handler().onConnection(c)));
        return true;
    }

    /**
     * Answers one request (now or later). Runs on the request channel's event loop; does not release
     * {@code request} (the caller does, after this returns) and keeps nothing of its buffers.
     *
     * @param parsed an immutable copy of the request (becomes the session's {@link Connection#request()})
     */
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, HandshakeRequest parsed,
                       EndpointBinding endpoint) {
        serve(new ChannelTarget(ctx.channel()), ctx, request, parsed, endpoint);
    }

    /**
     * Answers a request another node received for a session of this node (the bus's thread calls this). Runs on
     * the session's thread when the session is open here (else at once: the answer is an error); releases
     * {@code request}.
     *
     * @param target makes the answer's target, given the thread the answer is written from
     */
    void serveForwarded(FullHttpRequest request, Function<Executor, ForwardedTarget> target) {
        String uri = request.uri();
        String sid = uri.indexOf('?') < 0 ? null : first(new QueryStringDecoder(uri).parameters(), "sid");
        Session session = sid == null ? null : registry.get(sid);
        Executor loop = session != null ? session.scheduler()::execute : Runnable::run;
        loop.execute(() -> {
            ForwardedTarget t = target.apply(loop);
            try {
                serve(t, null, request, null, null);
            } catch (RuntimeException e) {
                log.warn("a forwarded request of session {} failed", sid, e);
                t.close();
            } finally {
                request.release();
                t.handled();
            }
        });
    }

    private void serve(ResponseTarget target, ChannelHandlerContext ctx, FullHttpRequest request,
                       HandshakeRequest parsed, EndpointBinding endpoint) {
        // A forwarded request (parsed null) passed the origin check on the node that received it: only CORS here.
        OriginPolicy.Verdict origin = parsed != null ? security.origin(parsed, tls)
                : security.corsOfChecked(request.headers().get(HttpHeaderNames.ORIGIN));
        HttpAnswer answer = new HttpAnswer(target, request, origin.corsOrigin(), origin.credentials());
        if (!origin.allowed()) {
            answer.refuse(SecurityChecks.originRefusal(parsed));
            return;
        }
        if (!options.enabled()) {
            answer.error(HttpResponseStatus.NOT_FOUND, "transport_disabled",
                    "the HTTP transports are turned off on this server; use WebSocket", null);
            return;
        }
        HttpMethod method = request.method();
        if (HttpMethod.OPTIONS.equals(method)) {
            answer.preflight();
            return;
        }
        if (!HttpMethod.GET.equals(method) && !HttpMethod.POST.equals(method) && !HttpMethod.DELETE.equals(method)) {
            answer.methodNotAllowed(method.name());
            return;
        }
        Map<String, List<String>> query = new QueryStringDecoder(request.uri()).parameters();
        String transport = first(query, "transport");
        if (transport == null || !TRANSPORTS.contains(transport)) {
            String was = transport == null ? "missing" : "'" + clip(transport) + "'";
            answer.error(HttpResponseStatus.BAD_REQUEST, "unknown_transport", "transport must be websocket, sse,"
                    + " longpolling or polling, was " + was, null);
            return;
        }
        try {
            String sid = first(query, "sid");
            if (sid == null) {
                if (ctx == null) {
                    throw new BadParameter("a request forwarded from another node needs sid");
                }
                open(ctx, request, parsed, endpoint, transport, answer);
                return;
            }
            if (ctx != null && forwarding.heldElsewhere(sid)) {
                forwarding.forward(ctx.channel(), request, sid, SessionForwarding.ownerOf(sid), answer);
                return;
            }
            Session session = registry.get(sid);
            if (session == null) {
                SessionClose close = registry.closeOf(sid);
                answer.error(HttpResponseStatus.NOT_FOUND, "unknown_session", close == null
                        ? "no session " + clip(sid) + " (never opened, or forgotten); open a new session"
                        : "session closed (" + close.code() + " " + close.reason() + "); open a new session", close);
                return;
            }
            if (!session.transport().equals(transport)) {
                answer.error(HttpResponseStatus.BAD_REQUEST, "transport_mismatch", "session " + clip(sid)
                        + " was opened with transport=" + session.transport() + "; use it, or open a new session",
                        null);
                return;
            }
            long ack = number(query, "ack", -1);
            if (HttpMethod.GET.equals(method)) {
                if ("sse".equals(transport)) {
                    ack = Math.max(ack, lastEventId(request));
                }
                receive(session, ack, transport, answer, null);
            } else if (HttpMethod.POST.equals(method)) {
                post(session, query, ack, request, answer);
            } else {
                delete(session, query, answer);
            }
        } catch (BadParameter e) {
            answer.error(HttpResponseStatus.BAD_REQUEST, "bad_parameter", e.getMessage(), null);
        }
    }

    private void open(ChannelHandlerContext ctx, FullHttpRequest request, HandshakeRequest parsed,
                      EndpointBinding endpoint, String transport, HttpAnswer answer) {
        if (HttpMethod.DELETE.equals(request.method())) {
            answer.error(HttpResponseStatus.BAD_REQUEST, "bad_parameter", "DELETE needs sid", null);
            return;
        }
        CompletableFuture<UpgradeDecision> decided = decider.decide(parsed);
        if (decided.isDone()) {
            decided(ctx, parsed, endpoint, transport, answer, decided);
        } else {
            decided.whenComplete((d, e) -> ctx.channel().eventLoop().execute(
                    () -> decided(ctx, parsed, endpoint, transport, answer, decided)));
        }
    }

    /** After the upgrade hook (on the request's event loop): its rejection, or the limits, then the session. */
    private void decided(ChannelHandlerContext ctx, HandshakeRequest parsed, EndpointBinding endpoint,
                         String transport, HttpAnswer answer, CompletableFuture<UpgradeDecision> decided) {
        UpgradeDecision decision;
        try {
            decision = decided.join();
        } catch (RuntimeException e) {
            Throwable cause = UpgradeDecider.cause(e);
            if (cause instanceof java.util.concurrent.TimeoutException) {
                answer.refuse(new Refusal(503, "upgrade_hook_timeout", "the server could not decide on the session"
                        + " within " + decider.timeout().toMillis() + " ms; retry later", 5));
                return;
            }
            log.warn("upgrade hook failed for a {} session on {}", transport, endpoint.path(), cause);
            answer.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_error",
                    "the server failed to decide on the session", null);
            return;
        }
        if (decision == null || !decision.accepted()) {
            int status = decision == null ? 500 : decision.status();
            String body = decision == null ? "" : decision.body();
            answer.raw(HttpResponseStatus.valueOf(status), body.startsWith("{") ? "application/json; charset=utf-8"
                    : "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (connections.refuseIfDraining()) {
            answer.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "draining",
                    dev.pushwire.server.internal.Drain.REFUSED_MESSAGE, null);
            return;
        }
        SecurityChecks.Admission admission = security.admit(parsed, true);
        if (admission.refusal() != null) {
            answer.refuse(admission.refusal());
            return;
        }
        if (!connections.tryReserve()) {
            admission.release();
            answer.refuse(security.capacityRefusal());
            return;
        }
        Channel channel = ctx.channel();
        SessionSettings settings = settings(endpoint.limits());
        String sid = forwarding.bus().nodeId() + "." + registry.newSid();  // the node's id first: docs/scaling.md
        Session session = new Session(ConnectionIds.next(connectionIdNode, "http"), sid, transport, settings,
                new EventLoopScheduler(channel.eventLoop()), parsed, this::closed);
        decision.attributes().forEach(session::attribute);
        session.traffic(connections.meters().traffic(transport));
        session.inboundGate(security.messageGate());
        session.addListener(new ConnectionListener() {
            @Override
            public void onClose(Connection c, dev.pushwire.core.CloseEvent event) {
                admission.release();
            }
        });
        registry.add(session);
        connections.add(session);
        session.open();  // the handler gets an open connection, as on WebSocket
        try {
            endpoint.onConnection().accept(session);
        } catch (RuntimeException e) {
            log.warn("Handler of {} threw on a new {} session", endpoint.path(), transport, e);
            session.close(CloseCode.INTERNAL_ERROR, "handler failed");
        }
        session.fireOpen();
        String openJson = openJson(session, settings);
        if ("sse".equals(transport)) {
            receive(session, 0, transport, answer, openJson);
        } else {
            answer.json(HttpResponseStatus.OK, openJson.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void receive(Session session, long ack, String transport, HttpAnswer answer, String openJson) {
        onSessionThread(session, () -> {
            if (ack >= 0) {
                try {
                    session.acknowledge(ack);
                } catch (SessionException e) {
                    answer.error(HttpResponseStatus.valueOf(e.status()), e.error(), e.getMessage(), null);
                    return;
                }
            }
            Receiver receiver = switch (transport) {
                case "sse" -> new SseReceiver(answer, openJson, 1000);
                case "longpolling" -> new BatchReceiver(Receiver.Mode.HOLD, answer);
                default -> new BatchReceiver(Receiver.Mode.POLL, answer);
            };
            if (receiver.mode() != Receiver.Mode.POLL) {
                Runnable unhook = answer.target().onGone(
                        () -> session.scheduler().execute(() -> session.detach(receiver)));
                answer.onAnswered(unhook);
            }
            session.attach(receiver);
        });
    }

    private void post(Session session, Map<String, List<String>> query, long ack, FullHttpRequest request,
                      HttpAnswer answer) throws BadParameter {
        int size = request.content().readableBytes();
        if (size > options.maxPostBytes()) {
            answer.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "body_too_large", "the body has " + size
                    + " bytes, over the limit of " + options.maxPostBytes() + "; send fewer messages per POST", null);
            return;
        }
        List<Message> messages;
        try {
            messages = size == 0 || isEmptyArray(request.content()) ? List.of()
                    : SessionCodec.decodePost(ByteBufUtil.getBytes(request.content()));
        } catch (SessionException e) {
            answer.error(HttpResponseStatus.valueOf(e.status()), e.error(), e.getMessage(), null);
            return;
        }
        long seq = number(query, "seq", -1);
        if (seq < 0 && !messages.isEmpty()) {
            throw new BadParameter("seq is missing: a POST with messages needs seq, the client number of the first");
        }
        int closeCode = query.containsKey("close") ? closeCode(query, "close") : -1;
        String reason = closeCode >= 0 ? reason(query) : null;
        onSessionThread(session, () -> {
            try {
                if (ack >= 0) {
                    session.acknowledge(ack); // never held: acknowledgements are what ends a pause
                }
            } catch (SessionException e) {
                answer.error(HttpResponseStatus.valueOf(e.status()), e.error(), e.getMessage(), null);
                return;
            }
            Runnable apply = () -> {
                try {
                    if (messages.isEmpty() && closeCode < 0) {
                        answer.noContent(); // a bare acknowledgement: nothing to report (docs/protocol.md 4.3)
                        return;
                    }
                    long received = messages.isEmpty() ? session.receivedSeq() : session.receive(seq, messages);
                    if (closeCode >= 0) {
                        session.closeByClient(closeCode, reason);
                    }
                    byte[] body = ("{\"received\":" + received + "}").getBytes(StandardCharsets.UTF_8);
                    answer.json(HttpResponseStatus.OK, body);
                } catch (SessionException e) {
                    answer.error(HttpResponseStatus.valueOf(e.status()), e.error(), e.getMessage(), null);
                }
            };
            if (messages.isEmpty()) {
                apply.run();
            } else {
                session.whenReading(apply, () -> answer.error(HttpResponseStatus.TOO_MANY_REQUESTS,
                        "reading_paused", "the server paused reading this session because its answers are not read"
                                + " fast enough; send this POST again", null));
            }
        });
    }

    private void delete(Session session, Map<String, List<String>> query, HttpAnswer answer) throws BadParameter {
        int code = query.containsKey("code") ? closeCode(query, "code") : 1000;
        String reason = reason(query);
        onSessionThread(session, () -> {
            session.closeByClient(code, reason);
            answer.json(HttpResponseStatus.OK, "{\"closed\":true}".getBytes(StandardCharsets.UTF_8));
        });
    }

    private void closed(Session s) {
        SessionClose c = s.finalClose();
        if (c != null && c.code() == CloseCode.SLOW_CONSUMER.code()) {
            slowConsumers.increment();
        } else if (c != null && c.code() == CloseCode.SESSION_EXPIRED.code()) {
            expired.increment();
        }
        registry.remove(s);
        connections.remove(s, c != null ? c.code() : CloseCode.ABNORMAL.code());
    }

    private SessionSettings settings(ConnectionLimits limits) {
        Duration closeTimeout = limits.closeTimeout().isZero() ? Duration.ofMillis(1) : limits.closeTimeout();
        return SessionSettings.builder()
                .hold(options.longPollHold())
                .linger(options.longPollLinger())
                .heartbeat(options.sseHeartbeat())
                .sessionTimeout(options.sessionTimeout())
                .closeTimeout(closeTimeout)
                .maxBatchBytes(options.maxBatchBytes())
                .maxQueuedBytes(limits.maxBufferedBytes())
                .waterMarks(limits.lowWaterMark(), limits.highWaterMark())
                .maxMessageBytes(limits.maxMessageBytes())
                .build();
    }

    private String openJson(Session session, SessionSettings settings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("sid", session.sid());
            g.writeStringField("transport", session.transport());
            g.writeNumberField("holdMs", settings.hold().toMillis());
            g.writeNumberField("heartbeatMs", settings.heartbeat().toMillis());
            g.writeNumberField("sessionTimeoutMs", settings.sessionTimeout().toMillis());
            g.writeNumberField("maxBatchBytes", settings.maxBatchBytes());
            g.writeNumberField("maxMessageBytes", settings.maxMessageBytes());
            g.writeNumberField("maxPostBytes", options.maxPostBytes());
            g.writeNumberField("maxQueuedBytes", settings.maxQueuedBytes());
            if ("sse".equals(session.transport())) {
                g.writeNumberField("ackMs", options.sseAckInterval().toMillis());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void onSessionThread(Session session, Runnable task) {
        if (session.scheduler().inThread()) {
            task.run();
        } else {
            session.scheduler().execute(task);
        }
    }

    /** Whether {@code body} is exactly {@code []}: an acknowledgement, the most common POST, needs no parser. */
    private static boolean isEmptyArray(io.netty.buffer.ByteBuf body) {
        int i = body.readerIndex();
        return body.readableBytes() == 2 && body.getByte(i) == '[' && body.getByte(i + 1) == ']';
    }

    private static long lastEventId(FullHttpRequest request) throws BadParameter {
        String v = request.headers().get("Last-Event-ID");
        if (v == null || v.isEmpty()) {
            return -1;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadParameter("Last-Event-ID must be a message seq (a number >= 0), was '" + clip(v) + "'");
        }
    }

    private static int closeCode(Map<String, List<String>> query, String name) throws BadParameter {
        long code = number(query, name, 1000);
        if (code != 1000 && (code < 3000 || code > 4999)) {
            throw new BadParameter(name + " must be 1000 or 3000-4999, was " + code);
        }
        return (int) code;
    }

    private static String reason(Map<String, List<String>> query) throws BadParameter {
        String reason = first(query, "reason");
        if (reason == null) {
            return "";
        }
        if (reason.getBytes(StandardCharsets.UTF_8).length > 123) {
            throw new BadParameter("reason must be at most 123 UTF-8 bytes");
        }
        return reason;
    }

    private static long number(Map<String, List<String>> query, String name, long absent) throws BadParameter {
        String v = first(query, name);
        if (v == null) {
            return absent;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadParameter(name + " must be a whole number >= 0, was '" + clip(v) + "'");
        }
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** A query parameter or header that is missing or malformed: 400 bad_parameter. */
    private static final class BadParameter extends Exception {
        private static final long serialVersionUID = 1L;

        BadParameter(String message) {
            super(message, null, false, false);
        }
    }
}
