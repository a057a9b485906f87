package dev.pushwire.app.internal;

import dev.pushwire.app.ServeSettings;
import dev.pushwire.core.ConnectionLimits;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Every setting of {@code pushwire serve}, the one list the flags, the environment variables, the config-file keys
 * and {@code docs/configuration.md} come from. A setting's config key is {@link #key()} ({@code max-message-bytes}),
 * its flag {@code --} + key, its environment variable {@link #envVar()} ({@code PUSHWIRE_MAX_MESSAGE_BYTES}).
 *
 * <p>{@link SettingsResolver} applies settings in this enum's order, so {@link #MAX_MESSAGE_BYTES} comes before
 * {@link #MAX_FRAME_BYTES} (a smaller message limit lowers the frame limit with it unless that is given too).
 */
public enum ServeSetting {
    PORT("port", "PORT", "TCP port to listen on; 0 picks a free one",
            s -> Integer.toString(s.port()), (b, v) -> b.port(SettingValues.integer(v, 0, 65_535))),
    HOST("host", "HOST", "address to bind; 0.0.0.0 is every interface, 127.0.0.1 only this machine",
            ServeSettings::host, ServeSettings.Builder::host),
    MAX_MESSAGE_BYTES("max-message-bytes", "SIZE", "largest message accepted from a client (close 1009 past it)",
            s -> SettingValues.format(s.limits().maxMessageBytes()),
            (b, v) -> {
                int max = SettingValues.intBytes(v);
                ConnectionLimits.Builder l = b.limits().toBuilder().maxMessageBytes(max);
                if (b.limits().maxFrameBytes() > max) {
                    l.maxFrameBytes(max);
                }
                b.limits(l.build());
            }),
    MAX_FRAME_BYTES("max-frame-bytes", "SIZE", "largest single frame accepted from a client (close 1009 past it);"
            + " at most max-message-bytes",
            s -> SettingValues.format(s.limits().maxFrameBytes()),
            (b, v) -> b.limits(b.limits().toBuilder().maxFrameBytes(SettingValues.intBytes(v)).build())),
    MAX_BUFFERED_BYTES("max-buffered-bytes", "SIZE", "bytes waiting unsent to one client before it is closed as a"
            + " slow consumer (4000)",
            s -> SettingValues.format(s.limits().maxBufferedBytes()),
            (b, v) -> b.limits(b.limits().toBuilder().maxBufferedBytes(SettingValues.bytes(v)).build())),
    HIGH_WATER_MARK("high-water-mark", "SIZE", "bytes waiting unsent past which a connection is not writable (flow"
            + " control; /echo pauses reading); at most max-buffered-bytes, default half of it",
            s -> SettingValues.format(s.limits().highWaterMark()),
            (b, v) -> b.limits(b.limits().toBuilder().waterMarks(0, SettingValues.bytes(v)).build())),
    LOW_WATER_MARK("low-water-mark", "SIZE", "bytes waiting unsent to which a connection must drain to be writable"
            + " again; default half the high water mark",
            s -> SettingValues.format(s.limits().lowWaterMark()),
            (b, v) -> b.limits(b.limits().toBuilder().waterMarks(SettingValues.bytes(v), b.limits().highWaterMark())
                    .build())),
    PING_INTERVAL("ping-interval", "DURATION", "ping a client after this long without hearing from it; 0 turns"
            + " heartbeats off",
            s -> SettingValues.format(s.limits().pingInterval()),
            (b, v) -> b.limits(b.limits().toBuilder().pingInterval(SettingValues.duration(v)).build())),
    PING_TIMEOUT("ping-timeout", "DURATION", "drop a client that has not answered a ping for this long (4001)",
            s -> SettingValues.format(s.limits().pingTimeout()),
            (b, v) -> b.limits(b.limits().toBuilder().pingTimeout(SettingValues.duration(v)).build())),
    IDLE_TIMEOUT("idle-timeout", "DURATION", "close a client that sent no message for this long (4002); 0 is never",
            s -> SettingValues.format(s.limits().idleTimeout()),
            (b, v) -> b.limits(b.limits().toBuilder().idleTimeout(SettingValues.duration(v)).build())),
    CLOSE_TIMEOUT("close-timeout", "DURATION", "wait this long for a client's close frame before dropping it",
            s -> SettingValues.format(s.limits().closeTimeout()),
            (b, v) -> b.limits(b.limits().toBuilder().closeTimeout(SettingValues.duration(v)).build())),
    HTTP_TRANSPORTS("http-transports", "BOOL", "serve SSE, long polling and polling (?transport=) on every WebSocket"
            + " path; false answers them 404",
            s -> Boolean.toString(s.http().enabled()),
            (b, v) -> b.http(b.http().toBuilder().enabled(SettingValues.bool(v)).build())),
    LONG_POLL_HOLD("long-poll-hold", "DURATION", "a long poll with nothing to send is answered empty after this long",
            s -> SettingValues.format(s.http().longPollHold()),
            (b, v) -> b.http(b.http().toBuilder().longPollHold(SettingValues.duration(v)).build())),
    LONG_POLL_LINGER("long-poll-linger", "DURATION", "the longest a long-poll message waits for more to batch them"
            + " (adaptive: none when quiet, about 3.5 message gaps when busy); 0 answers at once",
            s -> SettingValues.format(s.http().longPollLinger()),
            (b, v) -> b.http(b.http().toBuilder().longPollLinger(SettingValues.duration(v)).build())),
    SSE_HEARTBEAT("sse-heartbeat", "DURATION", "an SSE comment line this often, so proxies keep the stream open",
            s -> SettingValues.format(s.http().sseHeartbeat()),
            (b, v) -> b.http(b.http().toBuilder().sseHeartbeat(SettingValues.duration(v)).build())),
    SSE_ACK_INTERVAL("sse-ack-interval", "DURATION", "the longest an SSE client lets a received message go"
            + " unacknowledged (announced as ackMs); each acknowledgement is a request",
            s -> SettingValues.format(s.http().sseAckInterval()),
            (b, v) -> b.http(b.http().toBuilder().sseAckInterval(SettingValues.duration(v)).build())),
    SESSION_TIMEOUT("session-timeout", "DURATION", "an HTTP-transport session without any request for this long"
            + " expires (4003)",
            s -> SettingValues.format(s.http().sessionTimeout()),
            (b, v) -> b.http(b.http().toBuilder().sessionTimeout(SettingValues.duration(v)).build())),
    MAX_BATCH_BYTES("max-batch-bytes", "SIZE", "payload bytes per poll answer (one message always goes whole)",
            s -> SettingValues.format(s.http().maxBatchBytes()),
            (b, v) -> b.http(b.http().toBuilder().maxBatchBytes(SettingValues.intBytes(v)).build())),
    MAX_POST_BYTES("max-post-bytes", "SIZE", "largest POST body of the HTTP transports (413 past it)",
            s -> SettingValues.format(s.http().maxPostBytes()),
            (b, v) -> b.http(b.http().toBuilder().maxPostBytes(SettingValues.intBytes(v)).build())),
    REMEMBER_CLOSED_SESSIONS("remember-closed-sessions", "N", "closed session ids remembered, so that a late poll"
            + " learns why its session closed",
            s -> Integer.toString(s.http().rememberClosedSessions()),
            (b, v) -> b.http(b.http().toBuilder()
                    .rememberClosedSessions(SettingValues.integer(v, 0, Integer.MAX_VALUE)).build())),
    MAX_CONNECTIONS("max-connections", "N", "open connections past which new ones get 503 (Retry-After); 0 is the"
            + " process's file-descriptor limit less a reserve",
            s -> Integer.toString(s.maxConnections()),
            (b, v) -> b.maxConnections(SettingValues.integer(v, 0, Integer.MAX_VALUE))),
    MAX_CONNECTIONS_PER_IP("max-connections-per-ip", "N", "open connections (WebSockets and HTTP sessions) per client"
            + " address; past it 429; 0 is no limit",
            s -> Integer.toString(s.abuseLimits().maxConnectionsPerIp()),
            (b, v) -> b.abuseLimits(b.abuseLimits().toBuilder()
                    .maxConnectionsPerIp(SettingValues.integer(v, 0, Integer.MAX_VALUE)).build())),
    MESSAGES_PER_SECOND("messages-per-second", "N", "messages a second one connection may send, sustained; past it"
            + " the connection is closed with 4008; 0 is no limit",
            s -> SettingValues.formatRate(s.abuseLimits().messagesPerSecond()),
            (b, v) -> b.abuseLimits(b.abuseLimits().toBuilder().messagesPerSecond(
                    SettingValues.integer(v, 0, Integer.MAX_VALUE), b.abuseLimits().messageBurst()).build())),
    MESSAGE_BURST("message-burst", "N", "messages one connection may send at once after a quiet spell",
            s -> Integer.toString(s.abuseLimits().messageBurst()),
            (b, v) -> b.abuseLimits(b.abuseLimits().toBuilder().messagesPerSecond(
                    b.abuseLimits().messagesPerSecond(), SettingValues.integer(v, 1, Integer.MAX_VALUE)).build())),
    HTTP_SESSIONS_PER_IP_PER_MINUTE("http-sessions-per-ip-per-minute", "N", "HTTP sessions one client address may"
            + " open per minute; past it 429 with Retry-After; 0 is no limit",
            s -> Integer.toString(s.abuseLimits().httpSessionsPerIpPerMinute()),
            (b, v) -> b.abuseLimits(b.abuseLimits().toBuilder()
                    .httpSessionsPerIpPerMinute(SettingValues.integer(v, 0, Integer.MAX_VALUE)).build())),
    MAX_HTTP_SESSIONS("max-http-sessions", "N", "HTTP sessions open at once (503 past it); 0 is half of"
            + " max-connections, so sessions never take the WebSockets' half",
            s -> Integer.toString(s.abuseLimits().maxHttpSessions()),
            (b, v) -> b.abuseLimits(b.abuseLimits().toBuilder()
                    .maxHttpSessions(SettingValues.integer(v, 0, Integer.MAX_VALUE)).build())),
    TRUSTED_PROXIES("trusted-proxies", "LIST", "addresses or CIDR blocks of proxies whose X-Forwarded-For, -Proto and"
            + " -Host are believed; empty: those headers are ignored",
            s -> String.join(",", s.abuseLimits().trustedProxies()),
            (b, v) -> b.abuseLimits(b.abuseLimits().toBuilder().trustedProxies(SettingValues.list(v)).build())),
    HANDSHAKE_TIMEOUT("handshake-timeout", "DURATION", "time a client has to send a complete upgrade request",
            s -> SettingValues.format(s.handshakeTimeout()), (b, v) -> b.handshakeTimeout(SettingValues.duration(v))),
    MAX_REQUEST_HEADER_BYTES("max-request-header-bytes", "SIZE", "largest request line + headers (431 past it)",
            s -> SettingValues.format(s.maxRequestHeaderBytes()),
            (b, v) -> b.maxRequestHeaderBytes(SettingValues.intBytes(v))),
    MAX_REQUEST_BODY_BYTES("max-request-body-bytes", "SIZE", "largest HTTP request body, e.g. a POST of the HTTP"
            + " transports (413 past it)",
            s -> SettingValues.format(s.maxRequestBodyBytes()),
            (b, v) -> b.maxRequestBodyBytes(SettingValues.intBytes(v))),
    ALLOWED_ORIGINS("allowed-origins", "LIST", "origins besides the server's own whose pages may connect:"
            + " https://app.example, https://*.example.com, or * for any (CORS without credentials); others get 403;"
            + " empty: the server's own origin only",
            s -> String.join(",", s.allowedOrigins()), (b, v) -> b.allowedOrigins(SettingValues.list(v))),
    DEFLATE("deflate", "BOOL", "offer permessage-deflate compression to clients that ask for it",
            s -> Boolean.toString(s.deflate()), (b, v) -> b.deflate(SettingValues.bool(v))),
    TLS_CERT("tls-cert", "FILE", "PEM certificate chain; with tls-key, serves wss:// and https://",
            s -> s.tlsCert().map(Path::toString).orElse(""), (b, v) -> b.tlsCert(path(v))),
    TLS_KEY("tls-key", "FILE", "PEM private key (PKCS#8) for tls-cert",
            s -> s.tlsKey().map(Path::toString).orElse(""), (b, v) -> b.tlsKey(path(v))),
    SHUTDOWN_TIMEOUT("shutdown-timeout", "DURATION", "on stop, wait this long for clients to finish closing (1001)",
            s -> SettingValues.format(s.shutdownTimeout()), (b, v) -> b.shutdownTimeout(SettingValues.duration(v))),
    IO_THREADS("io-threads", "N", "event-loop threads serving connections; 0 is one per available processor",
            s -> Integer.toString(s.ioThreads()), (b, v) -> b.ioThreads(SettingValues.integer(v, 0, 1024))),
    IO_TRANSPORT("io-transport", "NAME", "socket transport of the event loops: auto (io_uring when the kernel offers"
            + " it, else epoll, else nio), io_uring, epoll or nio; one not available here falls back the same way;"
            + " the one in use is logged at start",
            s -> s.ioTransport().settingName(), (b, v) -> b.ioTransport(dev.pushwire.server.IoTransport.parse(v))),
    TICK_INTERVAL("tick-interval", "DURATION", "how often the demo ticker behind /poll/data and /longpoll/data ticks",
            s -> SettingValues.format(s.tickInterval()), (b, v) -> b.tickInterval(SettingValues.duration(v))),
    API_KEY("api-key", "KEY", "key of the hub's HTTP publish API (/api/publish, ...; header X-API-Key); empty turns"
            + " the API off (503)",
            s -> s.apiKey().isEmpty() ? "" : "(set)", ServeSettings.Builder::apiKey),
    TOKEN_SECRET("token-secret", "SECRET", "HS256 secret (32+ bytes) of the hub's JWT connection tokens; empty: no"
            + " tokens, every hub client is anonymous",
            s -> s.tokenSecret().isEmpty() ? "" : "(set)", ServeSettings.Builder::tokenSecret),
    TOKEN_PUBLIC_KEY("token-public-key", "FILE", "PEM public key (RSA: RS256, EC P-256: ES256) of the hub's JWT"
            + " connection tokens; instead of token-secret",
            s -> s.tokenPublicKey().map(Path::toString).orElse(""), (b, v) -> b.tokenPublicKey(path(v))),
    TOKEN_JWKS_URL("token-jwks-url", "URL", "JWKS URL serving the keys (RS256, ES256) of the hub's JWT connection"
            + " tokens, cached and refreshed; instead of token-secret",
            ServeSettings::tokenJwksUrl, ServeSettings.Builder::tokenJwksUrl),
    TOKEN_ISSUER("token-issuer", "TEXT", "the iss claim tokens must carry; empty: not checked",
            ServeSettings::tokenIssuer, ServeSettings.Builder::tokenIssuer),
    TOKEN_AUDIENCE("token-audience", "TEXT", "a value the aud claim of tokens must contain; empty: not checked",
            ServeSettings::tokenAudience, ServeSettings.Builder::tokenAudience),
    TOKEN_LEEWAY("token-leeway", "DURATION", "clock skew allowed when checking exp and nbf",
            s -> SettingValues.format(s.tokenLeeway()), (b, v) -> b.tokenLeeway(SettingValues.duration(v))),
    TOKEN_ALLOW_NO_EXPIRY("token-allow-no-expiry", "BOOL", "accept tokens without exp (they never expire)",
            s -> Boolean.toString(s.tokenAllowNoExpiry()), (b, v) -> b.tokenAllowNoExpiry(SettingValues.bool(v))),
    METRICS("metrics", "BOOL", "count the server's and the JVM's meters and serve them at GET /metrics (Prometheus"
            + " text); false: no meters, /metrics answers 404",
            s -> Boolean.toString(s.metrics()), (b, v) -> b.metrics(SettingValues.bool(v))),
    DEMO("demo", "BOOL", "serve the demo routes and pages (/, /echo, /pub, /sub, /ticker, the ticker); false serves"
            + " only the hub (/pushwire), its API (/api), admin, health and metrics",
            s -> Boolean.toString(s.demo()), (b, v) -> b.demo(SettingValues.bool(v))),
    ADMIN_PASSWORD("admin-password", "SECRET", "password (8+ characters, user admin) of the admin page /admin and"
            + " its API /admin/api; empty: no admin page",
            s -> s.adminPassword().isEmpty() ? "" : "(set)", ServeSettings.Builder::adminPassword),
    DRAIN_PERIOD("drain-period", "DURATION", "on SIGTERM (or the admin page's drain) close connections spread over"
            + " this long, telling clients to reconnect with jitter; 0 closes all at once",
            s -> SettingValues.format(s.drainPeriod()), (b, v) -> b.drainPeriod(SettingValues.duration(v))),
    BROKER("broker", "URIS", "memory (one node), or Redis URIs shared by every node: redis://host:6379,"
            + " rediss://:password@host:6380; a comma list shards channels (docs/scaling.md)",
            ServeSettings::broker, ServeSettings.Builder::broker),
    NODE_ID("node-id", "ID", "this node's id in logs, metrics (tag node) and presence; empty: random at start",
            ServeSettings::nodeId, (b, v) -> b.nodeId(v.trim())),
    PRESENCE_TTL("presence-ttl", "DURATION", "with Redis: a dead node's presence entries vanish within this long",
            s -> SettingValues.format(s.presenceTtl()), (b, v) -> b.presenceTtl(SettingValues.duration(v))),
    HUB_PUBLISHES_PER_SECOND("hub-publishes-per-second", "N", "hub publishes a second one connection may make,"
            + " sustained; past it the publish gets rate_limited; 0 is no limit",
            s -> SettingValues.formatRate(s.hubPublishesPerSecond()),
            (b, v) -> b.hubPublishesPerSecond(SettingValues.integer(v, 0, Integer.MAX_VALUE))),
    HUB_PUBLISH_BURST("hub-publish-burst", "N", "hub publishes one connection may make at once after a quiet spell",
            s -> Integer.toString(s.hubPublishBurst()),
            (b, v) -> b.hubPublishBurst(SettingValues.integer(v, 1, Integer.MAX_VALUE)));

    /** The prefix of every environment variable. */
    public static final String ENV_PREFIX = "PUSHWIRE_";

    private final String key;
    private final String paramLabel;
    private final String description;
    private final Function<ServeSettings, String> current;
    private final BiConsumer<ServeSettings.Builder, String> apply;

    ServeSetting(String key, String paramLabel, String description, Function<ServeSettings, String> current,
                 BiConsumer<ServeSettings.Builder, String> apply) {
        this.key = key;
        this.paramLabel = paramLabel;
        this.description = description;
        this.current = current;
        this.apply = apply;
    }

    /** The config-file key, e.g. {@code max-message-bytes}. */
    public String key() {
        return key;
    }

    /** The command-line flag, e.g. {@code --max-message-bytes}. */
    public String flag() {
        return "--" + key;
    }

    /** The environment variable, e.g. {@code PUSHWIRE_MAX_MESSAGE_BYTES}. */
    public String envVar() {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The kind of value, e.g. {@code SIZE} or {@code DURATION}. */
    public String paramLabel() {
        return paramLabel;
    }

    /** What the setting does. */
    public String description() {
        return description;
    }

    /** The value in {@code settings}, written as a user would (the default, for {@link ServeSettings#DEFAULT}). */
    public String valueIn(ServeSettings settings) {
        return current.apply(settings);
    }

    /** The setting whose config key is {@code key}, or null. */
    public static ServeSetting byKey(String key) {
        for (ServeSetting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }

    /** Parses {@code value} into {@code builder}; throws {@link IllegalArgumentException} on a bad value. */
    void applyTo(ServeSettings.Builder builder, String value) {
        apply.accept(builder, value);
    }

    private static Path path(String value) {
        return value.isBlank() ? null : Path.of(value.trim());
    }
}
