package dev.pushwire.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushwire.core.CloseCode;
import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.DrainNotice;
import dev.pushwire.core.Message;
import dev.pushwire.core.hub.ClientInfo;
import dev.pushwire.core.hub.Publication;
import dev.pushwire.core.hub.StreamPosition;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of a Pushwire hub endpoint ({@code /pushwire}; protocol in {@code docs/hub.md}): channels with
 * publications, presence and history, over a WebSocket that reconnects by itself and recovers what each channel
 * missed.
 *
 * <pre>{@code
 * HubClient hub = HubClient.connect("ws://localhost:8080/pushwire",
 *         HubClientOptions.builder().token(jwt).build());
 * hub.channel("news").subscribe(pub -> System.out.println(pub.offset() + " " + pub.data()));
 * hub.channel("news").publish("{\"title\":\"hello\"}");
 * }</pre>
 *
 * <h2>Life</h2>
 * {@link #connect} returns at once and connects in the background; requests made before the hub answered
 * {@code connect} wait for it. When the connection drops with a code after which a client should reconnect
 * ({@link CloseCode#shouldReconnect()}), the client reconnects with growing, jittered delays (after a draining
 * server's 1001, at a random moment of the window its {@link DrainNotice} names) and subscribes again
 * to every channel with the position it last delivered. A close with 4500-4999 (e.g. a bad token) stops it; so
 * does {@link #close()}. Requests in flight when a connection drops fail.
 *
 * <h2>Threading</h2>
 * Every method may be called from any thread and none blocks. Listeners run on the connection's I/O thread.
 */
public final class HubClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HubClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pushwire-hub-client-timer");
        t.setDaemon(true);
        return t;
    });

    private final URI uri;
    private final HubClientOptions options;
    final Object lock = new Object();
    private final Map<String, HubChannel> channels = new ConcurrentHashMap<>();
    /** Guarded by {@link #lock}. */
    private PushwireClient socket;
    /** Guarded by {@link #lock}: true once the current connection's connect was answered. */
    private boolean ready;
    /** Guarded by {@link #lock}: requests waiting for the connect answer. */
    private final List<Runnable> waiting = new ArrayList<>();
    /** Guarded by {@link #lock}: requests sent and not answered, by id. */
    private final Map<Long, CompletableFuture<JsonNode>> pending = new HashMap<>();
    /** Guarded by {@link #lock}. */
    private long nextId = 1;
    /** Guarded by {@link #lock}. */
    private boolean closed;
    /** Guarded by {@link #lock}: failed attempts since the last good connection. */
    private int attempts;
    private final CompletableFuture<ClientInfo> firstConnect = new CompletableFuture<>();

    private HubClient(URI uri, HubClientOptions options) {
        this.uri = uri;
        this.options = options;
    }

    /** Connects to a hub endpoint with {@link HubClientOptions#DEFAULT} (anonymous). */
    public static HubClient connect(String uri) {
        return connect(URI.create(uri), HubClientOptions.DEFAULT);
    }

    /** Connects to a hub endpoint ({@code ws://host:port/pushwire}); returns at once. */
    public static HubClient connect(String uri, HubClientOptions options) {
        return connect(URI.create(uri), options);
    }

    /** Connects to a hub endpoint; returns at once. */
    public static HubClient connect(URI uri, HubClientOptions options) {
        HubClient client = new HubClient(uri, options);
        client.open();
        return client;
    }

    /** Completes with who the hub says this client is, once the first connect was answered. */
    public CompletableFuture<ClientInfo> connected() {
        return firstConnect;
    }

    /** The channel named {@code name} (one object per name). */
    public HubChannel channel(String name) {
        return channels.computeIfAbsent(name, n -> new HubChannel(this, n));
    }

    /** Closes the connection and stops reconnecting. Requests in flight fail. */
    @Override
    public void close() {
        PushwireClient s;
        synchronized (lock) {
            closed = true;
            s = socket;
        }
        if (s != null) {
            s.close();
        }
        failPending(new IllegalStateException("the hub client was closed"));
    }

    // ---- connection life ----

    private void open() {
        PushwireClient s = PushwireClient.connect(uri, options.clientOptions());
        synchronized (lock) {
            socket = s;
            ready = false;
        }
        s.onOpen(() -> sendConnect(s));
        s.onMessage(m -> onMessage(s, m));
        s.onClose(e -> onClose(s, e));
    }

    private void sendConnect(PushwireClient s) {
        String token = options.tokens() == null ? null : options.tokens().get();
        long id = register(null);
        ObjectNode command = JSON.createObjectNode().put("id", id).put("type", "connect");
        if (token != null) {
            command.put("token", token);
        }
        CompletableFuture<JsonNode> reply;
        synchronized (lock) {
            reply = pending.get(id);
        }
        reply.whenComplete((result, error) -> {
            if (error == null) {
                onConnected(s, result);
            }
        });
        s.send(command.toString());
    }

    private void onConnected(PushwireClient s, JsonNode result) {
        List<Runnable> queued;
        List<HubChannel> resubscribe = new ArrayList<>();
        synchronized (lock) {
            if (socket != s) {
                return;
            }
            ready = true;
            attempts = 0;
            queued = new ArrayList<>(waiting);
            waiting.clear();
            for (HubChannel c : channels.values()) {
                if (c.wanted) {
                    resubscribe.add(c);
                }
            }
        }
        firstConnect.complete(new ClientInfo(result.path("client").asText(), result.path("user").asText(), null));
        scheduleRefresh(s, result.path("expires").asLong(0));
        resubscribe.forEach(this::resubscribe);
        queued.forEach(Runnable::run);
    }

    private void scheduleRefresh(PushwireClient s, long expiresEpochSeconds) {
        if (expiresEpochSeconds <= 0 || options.tokens() == null) {
            return;
        }
        long remaining = expiresEpochSeconds * 1000 - System.currentTimeMillis();
        long delay = Math.max(0, remaining - Math.min(remaining / 5, 30_000));
        TIMER.schedule(() -> {
            synchronized (lock) {
                if (socket != s || closed) {
                    return;
                }
            }
            request("refresh", c -> c.put("token", options.tokens().get()))
                    .thenAccept(r -> scheduleRefresh(s, r.path("expires").asLong(0)))
                    .exceptionally(e -> {
                        log.warn("token refresh failed", e);
                        return null;
                    });
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void onClose(PushwireClient s, CloseEvent event) {
        boolean reconnect;
        long delay = 0;
        synchronized (lock) {
            if (socket != s) {
                return;
            }
            ready = false;
            reconnect = !closed && CloseCode.of(event.code()).shouldReconnect();
            OptionalLong drained = DrainNotice.reconnectDelayMillis(event.reason());
            if (reconnect && drained.isPresent()) {
                delay = drained.getAsLong(); // a draining server: a random moment of its window, not all at once
            } else if (reconnect) {
                long min = options.reconnectMinDelay().toMillis();
                long max = options.reconnectMaxDelay().toMillis();
                long base = Math.min(max, min << Math.min(attempts, 20));
                delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
                attempts++;
            }
        }
        failPending(new IllegalStateException("the connection closed: " + event.code() + " " + event.reason()));
        if (reconnect) {
            TIMER.schedule(() -> {
                synchronized (lock) {
                    if (closed) {
                        return;
                    }
                }
                open();
            }, delay, TimeUnit.MILLISECONDS);
        } else if (!firstConnect.isDone()) {
            firstConnect.completeExceptionally(new IllegalStateException(
                    "the hub refused the connection: " + event.code() + " " + event.reason()));
        }
    }

    private void failPending(Throwable error) {
        List<CompletableFuture<JsonNode>> failed;
        synchronized (lock) {
            failed = new ArrayList<>(pending.values());
            pending.clear();
        }
        failed.forEach(f -> f.completeExceptionally(error));
    }

    // ---- messages ----

    private void onMessage(PushwireClient s, Message message) {
        JsonNode m;
        try {
            m = JSON.readTree(message.text());
        } catch (JsonProcessingException e) {
            log.warn("the hub sent something that is not JSON");
            return;
        }
        if (m.has("id")) {
            CompletableFuture<JsonNode> reply;
            synchronized (lock) {
                reply = pending.remove(m.path("id").asLong());
            }
            if (reply == null) {
                return;
            }
            if (m.has("error")) {
                reply.completeExceptionally(new HubException(m.path("error").path("code").asText(),
                        m.path("error").path("message").asText()));
            } else {
                reply.complete(m.path("result"));
            }
            return;
        }
        HubChannel channel = channels.get(m.path("channel").asText());
        if (channel == null) {
            return;
        }
        switch (m.path("type").asText()) {
            case "publication" -> channel.deliver(publicationOf(m));
            case "join", "leave" -> channel.presenceEvent(m.path("type").asText(), m.path("client"));
            case "dropped" -> channel.dropped(m.path("count").asLong());
            case "unrecoverable" -> channel.lost(positionOf(m), m.path("message").asText());
            default -> { }
        }
    }

    // ---- requests ----

    /** Registers a pending request; returns its id. */
    private long register(CompletableFuture<JsonNode> future) {
        synchronized (lock) {
            long id = nextId++;
            pending.put(id, future != null ? future : new CompletableFuture<>());
            return id;
        }
    }

    /** Sends a command once connected; completes with its result, or fails with a {@link HubException}. */
    CompletableFuture<JsonNode> request(String type, Consumer<ObjectNode> fields) {
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        Runnable send = () -> {
            PushwireClient s;
            long id;
            synchronized (lock) {
                s = socket;
                id = nextId++;
                pending.put(id, future);
            }
            ObjectNode command = JSON.createObjectNode().put("id", id).put("type", type);
            fields.accept(command);
            if (!s.send(command.toString())) {
                synchronized (lock) {
                    pending.remove(id);
                }
                future.completeExceptionally(new IllegalStateException("not connected"));
            }
        };
        boolean now;
        synchronized (lock) {
            if (closed) {
                future.completeExceptionally(new IllegalStateException("the hub client was closed"));
                return future;
            }
            now = ready;
            if (!now) {
                waiting.add(send);
            }
        }
        if (now) {
            send.run();
        }
        return future;
    }

    /**
     * Marks the channel wanted; sends the subscribe now if connected, else the next connect answer sends it (with
     * every other wanted channel). Completes with the first subscription's position.
     */
    CompletableFuture<StreamPosition> subscribe(HubChannel channel) {
        boolean now;
        synchronized (lock) {
            if (channel.wanted) {
                return channel.subscribed;
            }
            channel.wanted = true;
            if (channel.subscribed.isDone()) {
                channel.subscribed = new CompletableFuture<>();
            }
            now = ready;
        }
        if (now) {
            resubscribe(channel);
        }
        return channel.subscribed;
    }

    /** Sends the subscribe and reports its outcome to the channel's first-subscription future. */
    private void resubscribe(HubChannel channel) {
        CompletableFuture<StreamPosition> first;
        synchronized (lock) {
            first = channel.subscribed;
        }
        sendSubscribe(channel).whenComplete((position, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                if (cause instanceof HubException) {
                    synchronized (lock) {
                        channel.wanted = false; // refused: not retried on reconnect
                    }
                }
                first.completeExceptionally(cause);
            } else {
                first.complete(position);
            }
        });
    }

    private CompletableFuture<StreamPosition> sendSubscribe(HubChannel channel) {
        StreamPosition since;
        synchronized (lock) {
            since = channel.position;
        }
        return request("subscribe", c -> {
            c.put("channel", channel.name());
            if (since != null) {
                c.putObject("since").put("epoch", since.epoch()).put("offset", since.offset());
            }
        }).thenApply(result -> {
            synchronized (lock) {
                if (channel.position == null || !channel.position.epoch().equals(result.path("epoch").asText())) {
                    channel.position = new StreamPosition(result.path("epoch").asText(),
                            result.path("offset").asLong() - result.path("publications").size());
                }
            }
            result.path("publications").forEach(p -> channel.deliver(publicationOf(p)));
            return channel.position();
        }).exceptionallyCompose(error -> {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            if (cause instanceof HubException he && he.code().equals("unrecoverable")) {
                channel.unrecoverable(he.getMessage());
                synchronized (lock) {
                    channel.position = null;
                }
                return sendSubscribe(channel);
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    CompletableFuture<Void> unsubscribe(HubChannel channel) {
        synchronized (lock) {
            if (!channel.wanted) {
                return CompletableFuture.completedFuture(null);
            }
            channel.wanted = false;
            channel.position = null;
        }
        return request("unsubscribe", c -> c.put("channel", channel.name())).thenApply(r -> null);
    }

    // ---- JSON helpers ----

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("data must be valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    static StreamPosition positionOf(JsonNode n) {
        return new StreamPosition(n.path("epoch").asText(), n.path("offset").asLong());
    }

    static ClientInfo clientOf(JsonNode n) {
        JsonNode info = n.get("info");
        return new ClientInfo(n.path("client").asText(), n.path("user").asText(),
                info == null ? null : info.toString());
    }

    static Publication publicationOf(JsonNode n) {
        JsonNode info = n.get("info");
        return new Publication(n.path("channel").asText(), n.path("offset").asLong(), n.path("epoch").asText(),
                n.path("data").toString(), info == null ? null : clientOf(info), 0);
    }
}
