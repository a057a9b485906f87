package dev.pushwire.core.hub.internal;

import dev.pushwire.core.CloseCode;
import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionListener;
import dev.pushwire.core.Message;
import dev.pushwire.core.hub.Broker;
import dev.pushwire.core.hub.ChannelAuthorizer.Action;
import dev.pushwire.core.hub.ChannelOptions;
import dev.pushwire.core.hub.ClientInfo;
import dev.pushwire.core.hub.Credentials;
import dev.pushwire.core.hub.InvalidTokenException;
import dev.pushwire.core.hub.Publication;
import dev.pushwire.core.hub.StreamPosition;
import dev.pushwire.core.hub.TokenVerifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub protocol on one connection: connect, refresh, subscribe (with recovery), unsubscribe, publish, history,
 * presence. See {@code docs/hub.md}.
 *
 * <p>Threading: commands arrive on the connection's I/O thread, one at a time. Broker answers may complete on other
 * threads; replies are sent from there ({@link Connection#send} is thread safe). {@link #client} and
 * {@link #credentials} are volatile (written on the I/O thread); {@link #expiry} is guarded by {@code this};
 * {@link #subscriptions} is a concurrent map.
 */
final class ClientSession implements ConnectionListener {
    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

    private final HubEngine hub;
    private final Connection connection;
    private final ConcurrentMap<String, Subscriber> subscriptions = new ConcurrentHashMap<>();
    /** Null until connect succeeded. */
    private volatile ClientInfo client;

    /** The hub this session belongs to. */
    HubEngine hub() {
        return hub;
    }

    /** Who this connection connected as, or null before its {@code connect} was answered. Any thread. */
    ClientInfo client() {
        return client;
    }
    /** Null for an anonymous client. */
    private volatile Credentials credentials;
    private volatile boolean closed;
    private ScheduledFuture<?> expiry;

    ClientSession(HubEngine hub, Connection connection) {
        this.hub = hub;
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    void start() {
        connection.addListener(this);
    }

    @Override
    public void onMessage(Connection c, Message message) {
        if (closed) {
            return;
        }
        HubCommand command;
        try {
            command = hub.codec.parse(message.text());
        } catch (HubCodec.MalformedCommandException e) {
            connection.close(CloseCode.BAD_REQUEST, e.getMessage());
            return;
        }
        try {
            dispatch(command);
        } catch (HubException e) {
            replyError(command.id(), e.code(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("hub command {} failed on connection {}", command.type(), connection.id(), e);
            replyError(command.id(), ErrorCode.INTERNAL, "the server failed to handle " + command.type());
        }
    }

    /** The connection drained: subscribers holding pushes back (drop policies, paged recovery) go on. */
    @Override
    public void onWritabilityChanged(Connection c, boolean writable) {
        if (writable) {
            for (Subscriber s : subscriptions.values()) {
                s.onWritable();
            }
        }
    }

    @Override
    public void onClose(Connection c, CloseEvent event) {
        stop();
        hub.forget(this);
    }

    /** Leaves every channel and stops the expiry timer. Idempotent. */
    void stop() {
        closed = true;
        synchronized (this) {
            if (expiry != null) {
                expiry.cancel(false);
            }
        }
        for (Subscriber s : subscriptions.values()) {
            leave(s);
        }
        subscriptions.clear();
    }

    private void dispatch(HubCommand command) {
        switch (command.type()) {
            case "connect" -> connect(command);
            case "refresh" -> refresh(command);
            case "subscribe" -> subscribe(command);
            case "unsubscribe" -> unsubscribe(command);
            case "publish" -> publish(command);
            case "history" -> history(command);
            case "presence" -> presence(command);
            default -> throw new HubException(ErrorCode.BAD_REQUEST, "unknown command type \"" + command.type()
                    + "\"; expected connect, refresh, subscribe, unsubscribe, publish, history or presence");
        }
    }

    // ---- connect and refresh ----

    private void connect(HubCommand command) {
        if (client != null) {
            throw new HubException(ErrorCode.ALREADY_CONNECTED, "this connection is already connected");
        }
        String token = command.token();
        Credentials creds = null;
        if (token != null) {
            creds = verifyOrClose(command.id(), token);
            if (creds == null) {
                return;
            }
        }
        ClientInfo info = new ClientInfo(connection.id(), creds == null ? "" : creds.userId(),
                creds == null ? null : creds.info());
        this.credentials = creds;
        this.client = info;
        scheduleExpiry(creds);
        Credentials c = creds;
        send(hub.codec.reply(command.id(), g -> {
            g.writeStringField("client", info.clientId());
            g.writeStringField("user", info.userId());
            if (c != null && c.expiresAt() != null) {
                g.writeNumberField("expires", c.expiresAt().getEpochSecond());
            }
        }));
    }

    /** Verifies a connect token; on failure replies, closes the connection and returns null. */
    private Credentials verifyOrClose(long id, String token) {
        TokenVerifier verifier = hub.options.tokenVerifier();
        if (verifier == null) {
            replyError(id, ErrorCode.UNAUTHORIZED, "this hub does not use tokens; connect without one");
            connection.close(CloseCode.UNAUTHORIZED, "this hub does not use tokens");
            return null;
        }
        try {
            Credentials creds = verifier.verify(token);
            if (creds.expiresAt() != null && !creds.expiresAt().isAfter(hub.options.clock().instant())) {
                throw new InvalidTokenException("the token has expired", true);
            }
            return creds;
        } catch (InvalidTokenException e) {
            ErrorCode code = e.expired() ? ErrorCode.TOKEN_EXPIRED : ErrorCode.UNAUTHORIZED;
            replyError(id, code, e.getMessage());
            connection.close(e.expired() ? CloseCode.TOKEN_EXPIRED : CloseCode.UNAUTHORIZED, e.getMessage());
            return null;
        }
    }

    private void refresh(HubCommand command) {
        requireConnected();
        String token = command.token();
        if (token == null) {
            throw new HubException(ErrorCode.BAD_REQUEST, "refresh needs \"token\": a fresh connection token");
        }
        TokenVerifier verifier = hub.options.tokenVerifier();
        if (verifier == null || credentials == null) {
            throw new HubException(ErrorCode.BAD_REQUEST, "this connection has no token to refresh");
        }
        Credentials fresh;
        try {
            fresh = verifier.verify(token);
            if (fresh.expiresAt() != null && !fresh.expiresAt().isAfter(hub.options.clock().instant())) {
                throw new InvalidTokenException("the token has expired", true);
            }
        } catch (InvalidTokenException e) {
            throw new HubException(e.expired() ? ErrorCode.TOKEN_EXPIRED : ErrorCode.UNAUTHORIZED, e.getMessage());
        }
        if (!fresh.userId().equals(credentials.userId())) {
            throw new HubException(ErrorCode.FORBIDDEN, "a refresh token must name the same user ("
                    + credentials.userId() + ")");
        }
        this.credentials = fresh;
        scheduleExpiry(fresh);
        send(hub.codec.reply(command.id(), g -> {
            if (fresh.expiresAt() != null) {
                g.writeNumberField("expires", fresh.expiresAt().getEpochSecond());
            }
        }));
    }

    private void scheduleExpiry(Credentials creds) {
        synchronized (this) {
            if (expiry != null) {
                expiry.cancel(false);
                expiry = null;
            }
            if (creds == null || creds.expiresAt() == null || closed) {
                return;
            }
            long delay = Duration.between(hub.options.clock().instant(), creds.expiresAt()).toMillis();
            expiry = hub.timer.schedule(() -> {
                if (credentials == creds) {
                    connection.close(CloseCode.TOKEN_EXPIRED, "the token expired; connect again with a fresh one");
                }
            }, Math.max(0, delay), TimeUnit.MILLISECONDS);
        }
    }

    // ---- subscriptions ----

    private void subscribe(HubCommand command) {
        requireConnected();
        String channel = channel(command);
        StreamPosition since = command.since();
        ChannelOptions options = authorize(channel, Action.SUBSCRIBE);
        if (subscriptions.size() >= hub.options.maxChannelsPerConnection()) {
            throw new HubException(ErrorCode.TOO_MANY_CHANNELS, "a connection may subscribe to at most "
                    + hub.options.maxChannelsPerConnection() + " channels");
        }
        Subscriber s = new Subscriber(this, channel, options, hub.options.slowSubscriberBytes(),
                hub.options.maxRecoveredPublications());
        if (subscriptions.putIfAbsent(channel, s) != null) {
            throw new HubException(ErrorCode.ALREADY_SUBSCRIBED, "already subscribed to " + channel);
        }
        long id = command.id();
        int limit = since == null ? 0 : hub.options.maxRecoveredPublications() + 1;
        hub.attach(s, () -> s.local.nodeReady
                .thenCompose(v -> hub.broker.history(channel, new Broker.HistoryQuery(since, limit)))
                .whenComplete((result, error) -> s.local.execute(() -> handOver(s, id, since, result, error))));
    }

    /**
     * Runs on the channel's executor: answers the subscribe with the recovered publications plus those buffered
     * while history was read (without duplicates), then turns the subscriber live. Nothing else sends this
     * channel's publications meanwhile, so there is no gap and no duplicate between the two.
     */
    private void handOver(Subscriber s, long id, StreamPosition since, Broker.HistoryResult result, Throwable error) {
        if (s.state != Subscriber.State.PENDING) {
            return; // unsubscribed or closed meanwhile
        }
        if (error != null) {
            log.warn("history of {} failed", s.channel, error);
            drop(s);
            replyError(id, ErrorCode.INTERNAL, "the broker failed to answer; subscribe again");
            return;
        }
        StreamPosition top = result.top();
        List<Publication> out = new ArrayList<>();
        if (since != null) {
            String problem = recoveryProblem(since, result);
            if (problem != null) {
                hub.counters.unrecoverable.increment();
                drop(s);
                replyError(id, ErrorCode.UNRECOVERABLE, problem);
                return;
            }
            out.addAll(result.publications());
        }
        long last = out.isEmpty() ? top.offset() : out.get(out.size() - 1).offset();
        for (Publication p : s.takeBuffer()) {
            if (p.epoch().equals(top.epoch()) && p.offset() > last) {
                out.add(p);
                last = p.offset();
            }
        }
        // A recovery larger than a page goes out as the reply with the first page ("more": true), then the rest as
        // publication pushes while the connection has room: one reply never exceeds what a connection may buffer.
        int page = pageEnd(out, hub.options.slowSubscriberBytes() / 4);
        List<Publication> first = out.subList(0, page);
        boolean more = page < out.size();
        if (since != null) {
            hub.counters.recoveries.increment();
        }
        long position = first.isEmpty() ? last : first.get(first.size() - 1).offset();
        if (more) {
            send(hub.codec.reply(id, g -> {
                HubCodec.position(g, new StreamPosition(top.epoch(), position));
                if (since != null) {
                    g.writeBooleanField("recovered", true);
                }
                g.writeBooleanField("more", true);
                HubCodec.publications(g, first);
            }));
            tellLoss(s, top);
            s.recoverRest(new ArrayList<>(out.subList(page, out.size())), position, () -> goLive(s));
            return;
        }
        if (!goLive(s)) {
            return;
        }
        send(hub.codec.reply(id, g -> {
            HubCodec.position(g, new StreamPosition(top.epoch(), position));
            if (since != null) {
                g.writeBooleanField("recovered", true);
            }
            HubCodec.publications(g, out);
        }));
        tellLoss(s, top);
    }

    /** Turns a pending subscriber live (with its presence); false if it was unsubscribed or closed meanwhile. */
    private boolean goLive(Subscriber s) {
        synchronized (s) {
            if (s.state != Subscriber.State.PENDING) {
                return false;
            }
            // Live from here: later fan-out tasks of this channel send to it, after this reply (same executor).
            s.state = Subscriber.State.LIVE;
            if (s.options.presence()) {
                hub.presence.add(s.channel, client);
            }
            if (s.options.joinLeave()) {
                hub.broker.publishJoin(s.channel, client);
            }
        }
        return true;
    }

    /** Tells the client, after its subscribe reply, of a loss the broker reported while it was being set up. */
    private void tellLoss(Subscriber s, StreamPosition top) {
        StreamPosition loss = s.lossAfter();
        if (loss != null && (!loss.epoch().equals(top.epoch()) || loss.offset() > top.offset())) {
            // the broker lost publications after this node subscribed and before the reply: say so now
            hub.counters.unrecoverable.increment();
            send(hub.codec.unrecoverablePush(s.channel, loss, s.lossReason()));
        }
    }

    /** How many of {@code pubs}, from the first, fit in {@code budget} bytes of JSON (at least one). */
    private static int pageEnd(List<Publication> pubs, long budget) {
        long bytes = 0;
        for (int i = 0; i < pubs.size(); i++) {
            bytes += Subscriber.sizeOf(pubs.get(i));
            if (bytes > budget && i > 0) {
                return i;
            }
        }
        return pubs.size();
    }

    /** Why the publications after {@code since} cannot all be given, or null if they can. */
    private String recoveryProblem(StreamPosition since, Broker.HistoryResult result) {
        StreamPosition top = result.top();
        List<Publication> pubs = result.publications();
        if (!since.epoch().equals(top.epoch())) {
            return "the channel's history was reset (epoch " + top.epoch() + ", not " + since.epoch()
                    + "); subscribe without since and reload";
        }
        if (since.offset() > top.offset()) {
            return "offset " + since.offset() + " is past the channel's latest (" + top.offset()
                    + "); subscribe without since and reload";
        }
        long missed = top.offset() - since.offset();
        if (missed > hub.options.maxRecoveredPublications()) {
            return missed + " publications were missed, more than one recovery gives ("
                    + hub.options.maxRecoveredPublications() + "); subscribe without since and reload";
        }
        if (missed > 0 && (pubs.size() != missed || pubs.get(0).offset() != since.offset() + 1)) {
            return "publications after offset " + since.offset()
                    + " are no longer in history; subscribe without since and reload";
        }
        return null;
    }

    private void unsubscribe(HubCommand command) {
        requireConnected();
        String channel = command.channel();
        Subscriber s = subscriptions.remove(channel);
        if (s == null) {
            throw new HubException(ErrorCode.NOT_SUBSCRIBED, "not subscribed to " + channel);
        }
        leave(s);
        send(hub.codec.reply(command.id(), g -> { }));
    }

    /** Forgets a subscription that never went live. */
    private void drop(Subscriber s) {
        subscriptions.remove(s.channel, s);
        hub.detach(s);
    }

    /** Ends a subscription: tell presence if it was live, and detach. */
    private void leave(Subscriber s) {
        synchronized (s) {
            if (s.state == Subscriber.State.LIVE) {
                if (s.options.presence()) {
                    hub.presence.remove(s.channel, client.clientId());
                }
                if (s.options.joinLeave()) {
                    hub.broker.publishLeave(s.channel, client);
                }
            }
            s.state = Subscriber.State.CLOSED;
        }
        hub.detach(s);
    }

    // ---- publish, history, presence ----

    private void publish(HubCommand command) {
        requireConnected();
        String channel = channel(command);
        String data = command.data();
        ChannelOptions options = hub.channelOptions(channel);
        if (!options.clientPublish()) {
            throw new HubException(ErrorCode.FORBIDDEN, "clients may not publish to " + channel
                    + "; publish through the server API");
        }
        authorize(channel, Action.PUBLISH);
        long id = command.id();
        answer(id, hub.publishCounted(channel, data, Broker.PublishOptions.of(options, client)),
                pos -> hub.codec.reply(id, g -> HubCodec.position(g, pos)));
    }

    private void history(HubCommand command) {
        requireConnected();
        String channel = channel(command);
        ChannelOptions options = authorize(channel, Action.HISTORY);
        if (options.historySize() == 0) {
            throw new HubException(ErrorCode.NOT_AVAILABLE, "history is off for " + channel);
        }
        int limit = Math.min(command.limit(options.historySize()), options.historySize());
        StreamPosition since = command.since();
        long id = command.id();
        answer(id, hub.broker.history(channel, new Broker.HistoryQuery(since, limit)),
                r -> hub.codec.reply(id, g -> {
                    HubCodec.position(g, r.top());
                    HubCodec.publications(g, r.publications());
                }));
    }

    private void presence(HubCommand command) {
        requireConnected();
        String channel = channel(command);
        ChannelOptions options = authorize(channel, Action.PRESENCE);
        if (!options.presence()) {
            throw new HubException(ErrorCode.NOT_AVAILABLE, "presence is off for " + channel);
        }
        long id = command.id();
        answer(id, hub.presence.list(channel), clients -> hub.codec.reply(id, g -> {
            g.writeArrayFieldStart("clients");
            for (ClientInfo c : clients) {
                HubCodec.client(g, c);
            }
            g.writeEndArray();
        }));
    }

    private <T> void answer(long id, CompletableFuture<T> future, Function<T, String> reply) {
        future.whenComplete((value, error) -> {
            if (error != null) {
                log.warn("broker failed for command {} on {}", id, connection.id(), error);
                replyError(id, ErrorCode.INTERNAL, "the broker failed to answer; try again");
            } else {
                send(reply.apply(value));
            }
        });
    }

    // ---- checks ----

    private void requireConnected() {
        if (client == null) {
            throw new HubException(ErrorCode.NOT_CONNECTED, "send connect first");
        }
    }

    private String channel(HubCommand command) {
        String channel = command.channel();
        String problem = hub.channelProblem(channel);
        if (problem != null) {
            throw new HubException(ErrorCode.BAD_CHANNEL, problem);
        }
        return channel;
    }

    /** Applies the namespace's anonymous rule, the token's channel claims and the authorizer. */
    private ChannelOptions authorize(String channel, Action action) {
        ChannelOptions options = hub.channelOptions(channel);
        String verb = action.name().toLowerCase(Locale.ROOT);
        Credentials creds = credentials;
        if (creds == null) {
            if (!options.allowAnonymous()) {
                throw new HubException(ErrorCode.FORBIDDEN, "anonymous clients may not " + verb + " on " + channel
                        + "; connect with a token");
            }
        } else if (!creds.allowsChannel(channel)) {
            throw new HubException(ErrorCode.FORBIDDEN, "the token does not allow channel " + channel);
        }
        boolean allowed;
        try {
            allowed = hub.options.authorizer().authorize(client, channel, action);
        } catch (RuntimeException e) {
            log.warn("channel authorizer threw for {} on {}", verb, channel, e);
            allowed = false;
        }
        if (!allowed) {
            throw new HubException(ErrorCode.FORBIDDEN, "not allowed to " + verb + " on " + channel);
        }
        return options;
    }

    private void replyError(long id, ErrorCode code, String message) {
        send(hub.codec.error(id, code, message));
    }

    private void send(String json) {
        connection.send(Message.text(json), null);
    }
}
