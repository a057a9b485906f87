package dev.pushwire.app;

import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.core.hub.HubOptions;
import dev.pushwire.server.AbuseLimits;
import dev.pushwire.server.HttpTransportOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code pushwire serve} can be told: where to listen, the server's limits, TLS and the demo ticker.
 * Immutable; build with {@link #builder()} (which starts from the defaults below) or {@link #toBuilder()}.
 * {@link SettingsResolver} fills one from flags, environment variables and a config file; the keys are listed in
 * {@link ServeSetting} and {@code docs/configuration.md}.
 *
 * <table>
 *   <caption>defaults</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>host / port</td><td>0.0.0.0 / 8080</td></tr>
 *   <tr><td>limits</td><td>{@link ConnectionLimits#DEFAULT}</td></tr>
 *   <tr><td>HTTP transports (SSE, long polling, polling)</td><td>{@link HttpTransportOptions#DEFAULT}</td></tr>
 *   <tr><td>max connections</td><td>0: the file-descriptor limit less a reserve</td></tr>
 *   <tr><td>abuse limits (per address, per connection, HTTP sessions)</td><td>{@link AbuseLimits#DEFAULT}</td></tr>
 *   <tr><td>token keys (HS256 secret, PEM public key, JWKS URL)</td><td>none: no tokens</td></tr>
 *   <tr><td>token issuer / audience / leeway / tokens without exp</td><td>unchecked / unchecked / 60 s / refused</td></tr>
 *   <tr><td>handshake timeout</td><td>10 s</td></tr>
 *   <tr><td>max request header bytes</td><td>8 KiB</td></tr>
 *   <tr><td>max request body bytes</td><td>1 MiB</td></tr>
 *   <tr><td>I/O threads</td><td>0: one per available processor</td></tr>
 *   <tr><td>allowed origins</td><td>empty: the server's own origin only</td></tr>
 *   <tr><td>deflate</td><td>off</td></tr>
 *   <tr><td>TLS certificate / key</td><td>none: plain ws:// and http://</td></tr>
 *   <tr><td>shutdown timeout</td><td>5 s</td></tr>
 *   <tr><td>tick interval (demo ticker)</td><td>1 s</td></tr>
 *   <tr><td>metrics ({@code GET /metrics}, Prometheus text)</td><td>on</td></tr>
 *   <tr><td>demo routes and pages</td><td>on ({@code false}: only the hub, its API, admin, health, metrics)</td></tr>
 *   <tr><td>admin password</td><td>none: no admin page</td></tr>
 *   <tr><td>drain period (SIGTERM, admin drain)</td><td>10 s</td></tr>
 *   <tr><td>hub namespaces</td><td>none: the mode's default for every channel</td></tr>
 *   <tr><td>broker</td><td>{@code memory}: one node; else Redis URIs (docs/scaling.md)</td></tr>
 *   <tr><td>node id</td><td>empty: a random 8-hex-digit id at start</td></tr>
 *   <tr><td>presence TTL (with Redis)</td><td>25 s</td></tr>
 * </table>
 */
public final class ServeSettings {
    /** The defaults listed above. */
    public static final ServeSettings DEFAULT = builder().build();

    private final String host;
    private final int port;
    private final ConnectionLimits limits;
    private final HttpTransportOptions http;
    private final int maxConnections;
    private final Duration handshakeTimeout;
    private final int maxRequestHeaderBytes;
    private final int maxRequestBodyBytes;
    private final int ioThreads;
    private final dev.pushwire.server.IoTransport ioTransport;
    private final List<String> allowedOrigins;
    private final boolean deflate;
    private final Path tlsCert;
    private final Path tlsKey;
    private final Duration shutdownTimeout;
    private final Duration tickInterval;
    private final String apiKey;
    private final String tokenSecret;
    private final boolean metrics;
    private final AbuseLimits abuseLimits;
    private final Path tokenPublicKey;
    private final String tokenJwksUrl;
    private final String tokenIssuer;
    private final String tokenAudience;
    private final Duration tokenLeeway;
    private final boolean tokenAllowNoExpiry;
    private final boolean demo;
    private final String adminPassword;
    private final Duration drainPeriod;
    private final HubNamespaces namespaces;
    private final String broker;
    private final String nodeId;
    private final Duration presenceTtl;
    private final double hubPublishesPerSecond;
    private final int hubPublishBurst;

    private ServeSettings(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.limits = b.limits;
        this.http = b.http;
        this.maxConnections = b.maxConnections;
        this.handshakeTimeout = b.handshakeTimeout;
        this.maxRequestHeaderBytes = b.maxRequestHeaderBytes;
        this.maxRequestBodyBytes = b.maxRequestBodyBytes;
        this.ioThreads = b.ioThreads;
        this.ioTransport = b.ioTransport;
        this.allowedOrigins = b.allowedOrigins;
        this.deflate = b.deflate;
        this.tlsCert = b.tlsCert;
        this.tlsKey = b.tlsKey;
        this.shutdownTimeout = b.shutdownTimeout;
        this.tickInterval = b.tickInterval;
        this.apiKey = b.apiKey;
        this.tokenSecret = b.tokenSecret;
        this.metrics = b.metrics;
        this.abuseLimits = b.abuseLimits;
        this.tokenPublicKey = b.tokenPublicKey;
        this.tokenJwksUrl = b.tokenJwksUrl;
        this.tokenIssuer = b.tokenIssuer;
        this.tokenAudience = b.tokenAudience;
        this.tokenLeeway = b.tokenLeeway;
        this.tokenAllowNoExpiry = b.tokenAllowNoExpiry;
        this.demo = b.demo;
        this.adminPassword = b.adminPassword;
        this.drainPeriod = b.drainPeriod;
        this.namespaces = b.namespaces;
        this.broker = b.broker;
        this.nodeId = b.nodeId;
        this.presenceTtl = b.presenceTtl;
        this.hubPublishesPerSecond = b.hubPublishesPerSecond;
        this.hubPublishBurst = b.hubPublishBurst;
    }

    /** Connections per address, message rate, HTTP sessions per address and in all, trusted proxies. */
    public AbuseLimits abuseLimits() {
        return abuseLimits;
    }

    /** The PEM public key (RS256 or ES256) of the hub's tokens, when set. */
    public Optional<Path> tokenPublicKey() {
        return Optional.ofNullable(tokenPublicKey);
    }

    /** The JWKS URL of the hub's token keys; empty when not used. */
    public String tokenJwksUrl() {
        return tokenJwksUrl;
    }

    /** The required {@code iss} of tokens; empty: not checked. */
    public String tokenIssuer() {
        return tokenIssuer;
    }

    /** The value tokens' {@code aud} must contain; empty: not checked. */
    public String tokenAudience() {
        return tokenAudience;
    }

    /** Clock skew allowed on {@code exp} and {@code nbf}. */
    public Duration tokenLeeway() {
        return tokenLeeway;
    }

    /** Whether tokens without {@code exp} are accepted. */
    public boolean tokenAllowNoExpiry() {
        return tokenAllowNoExpiry;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The address to bind; {@code 0.0.0.0} is every interface. */
    public String host() {
        return host;
    }

    /** The port to bind; 0 picks a free one. */
    public int port() {
        return port;
    }

    /** Per-connection limits for every endpoint. */
    public ConnectionLimits limits() {
        return limits;
    }

    /** The HTTP transports' settings: on or off, hold time, heartbeat, session timeout, batch and POST caps. */
    public HttpTransportOptions http() {
        return http;
    }

    /** Open connections past which upgrades are answered 503; 0: the file-descriptor limit less a reserve. */
    public int maxConnections() {
        return maxConnections;
    }

    /** How long a client may take to send a complete upgrade request. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** The largest request head (request line and headers) accepted; larger ones get 431. */
    public int maxRequestHeaderBytes() {
        return maxRequestHeaderBytes;
    }

    /** The largest HTTP request body (e.g. a POST of the HTTP transports); larger ones get 413. */
    public int maxRequestBodyBytes() {
        return maxRequestBodyBytes;
    }

    /** Event-loop threads; 0 means one per available processor. */
    public int ioThreads() {
        return ioThreads;
    }

    /** The socket transport asked for: auto (io_uring, else epoll, else NIO), io_uring, epoll or nio. */
    public dev.pushwire.server.IoTransport ioTransport() {
        return ioTransport;
    }

    /** Origins allowed to connect besides the server's own; empty: only the server's own. */
    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** Whether permessage-deflate is offered to clients that ask for it. */
    public boolean deflate() {
        return deflate;
    }

    /** The PEM certificate chain for wss:// and https://, when TLS is on. */
    public Optional<Path> tlsCert() {
        return Optional.ofNullable(tlsCert);
    }

    /** The PEM private key (PKCS#8) for wss:// and https://, when TLS is on. */
    public Optional<Path> tlsKey() {
        return Optional.ofNullable(tlsKey);
    }

    /** How long a graceful stop waits for connections to finish their close handshake. */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** How often the demo ticker behind {@code /poll/data} and {@code /longpoll/data} ticks. */
    public Duration tickInterval() {
        return tickInterval;
    }

    /** The key of the hub's HTTP publish API ({@code /api/...}); empty: the API answers 503. */
    public String apiKey() {
        return apiKey;
    }

    /** The HS256 secret of the hub's connection tokens (JWT); empty: tokens are not used, clients are anonymous. */
    public String tokenSecret() {
        return tokenSecret;
    }

    /** Whether the server counts its meters and serves them at {@code GET /metrics} (Prometheus text). */
    public boolean metrics() {
        return metrics;
    }

    /** Whether the demo routes and pages are served; false: only the hub, its API, admin, health and metrics. */
    public boolean demo() {
        return demo;
    }

    /** The admin page's password (user {@code admin}); empty: no admin page ({@code /admin} answers 404). */
    public String adminPassword() {
        return adminPassword;
    }

    /** How long a drain (SIGTERM, the admin page's drain) spreads the closing of connections over. */
    public Duration drainPeriod() {
        return drainPeriod;
    }

    /** The hub's channel namespaces (from the config file's {@code namespace.*} keys). */
    public HubNamespaces namespaces() {
        return namespaces;
    }

    /**
     * {@code memory} (history and presence in this process: one node), or a comma-separated list of Redis URIs
     * ({@code redis://host:6379}, {@code rediss://:password@host:6380}), one per shard: every node given the same list
     * serves the same channels (docs/scaling.md).
     */
    public String broker() {
        return broker;
    }

    /** This node's id in logs, metrics ({@code node} tag) and presence entries; empty: random at start. */
    public String nodeId() {
        return nodeId;
    }

    /** With Redis: how soon a dead node's presence entries vanish (its live nodes refresh theirs every third). */
    public Duration presenceTtl() {
        return presenceTtl;
    }

    /** Hub publishes a second one connection may make, sustained (0: no limit); default 100. */
    public double hubPublishesPerSecond() {
        return hubPublishesPerSecond;
    }

    /** Hub publishes one connection may make at once after a quiet spell; default 1,000. */
    public int hubPublishBurst() {
        return hubPublishBurst;
    }

    @Override
    public String toString() {
        return "ServeSettings{host=" + host + ", port=" + port + ", " + limits + ", " + http + ", maxConnections=" + maxConnections
                + ", handshakeTimeout=" + handshakeTimeout + ", maxRequestHeaderBytes=" + maxRequestHeaderBytes
                + ", maxRequestBodyBytes=" + maxRequestBodyBytes + ", ioThreads=" + ioThreads
                + ", ioTransport=" + ioTransport.settingName()
                + ", allowedOrigins=" + allowedOrigins + ", deflate=" + deflate + ", tlsCert=" + tlsCert
                + ", tlsKey=" + tlsKey + ", shutdownTimeout=" + shutdownTimeout + ", tickInterval=" + tickInterval
                + ", metrics=" + metrics + ", demo=" + demo + ", admin=" + !adminPassword.isEmpty()
                + ", drainPeriod=" + drainPeriod + ", namespaces=" + namespaces
                + ", broker=" + (broker.equals("memory") ? broker : "redis") + ", nodeId="
                + nodeId + ", presenceTtl=" + presenceTtl + ", hubPublishesPerSecond=" + hubPublishesPerSecond
                + ", hubPublishBurst=" + hubPublishBurst + ", " + abuseLimits + ", tokenPublicKey=" + tokenPublicKey
                + ", tokenJwksUrl=" + tokenJwksUrl + ", tokenIssuer=" + tokenIssuer + ", tokenAudience="
                + tokenAudience + ", tokenLeeway=" + tokenLeeway + ", tokenAllowNoExpiry=" + tokenAllowNoExpiry + '}';
    }

    /** Builds {@link ServeSettings}; every setter checks its argument and says what was wrong. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 8080;
        private ConnectionLimits limits = ConnectionLimits.DEFAULT;
        private HttpTransportOptions http = HttpTransportOptions.DEFAULT;
        private int maxConnections;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private int maxRequestHeaderBytes = 8192;
        private int maxRequestBodyBytes = 1 << 20;
        private int ioThreads;
        private dev.pushwire.server.IoTransport ioTransport = dev.pushwire.server.IoTransport.defaultChoice();
        private List<String> allowedOrigins = List.of();
        private boolean deflate;
        private Path tlsCert;
        private Path tlsKey;
        private Duration shutdownTimeout = Duration.ofSeconds(5);
        private Duration tickInterval = Duration.ofSeconds(1);
        private String apiKey = "";
        private String tokenSecret = "";
        private boolean metrics = true;
        private AbuseLimits abuseLimits = AbuseLimits.DEFAULT;
        private Path tokenPublicKey;
        private String tokenJwksUrl = "";
        private String tokenIssuer = "";
        private String tokenAudience = "";
        private Duration tokenLeeway = Duration.ofSeconds(60);
        private boolean tokenAllowNoExpiry;
        private boolean demo = true;
        private String adminPassword = "";
        private Duration drainPeriod = Duration.ofSeconds(10);
        private HubNamespaces namespaces = HubNamespaces.NONE;
        private String broker = "memory";
        private String nodeId = "";
        private Duration presenceTtl = Duration.ofSeconds(25);
        private double hubPublishesPerSecond = HubOptions.DEFAULT.publishesPerSecond();
        private int hubPublishBurst = HubOptions.DEFAULT.publishBurst();

        private Builder() {
        }

        private Builder(ServeSettings s) {
            host = s.host;
            port = s.port;
            limits = s.limits;
            http = s.http;
            maxConnections = s.maxConnections;
            handshakeTimeout = s.handshakeTimeout;
            maxRequestHeaderBytes = s.maxRequestHeaderBytes;
            maxRequestBodyBytes = s.maxRequestBodyBytes;
            ioThreads = s.ioThreads;
            ioTransport = s.ioTransport;
            allowedOrigins = s.allowedOrigins;
            deflate = s.deflate;
            tlsCert = s.tlsCert;
            tlsKey = s.tlsKey;
            shutdownTimeout = s.shutdownTimeout;
            tickInterval = s.tickInterval;
            apiKey = s.apiKey;
            tokenSecret = s.tokenSecret;
            metrics = s.metrics;
            abuseLimits = s.abuseLimits;
            tokenPublicKey = s.tokenPublicKey;
            tokenJwksUrl = s.tokenJwksUrl;
            tokenIssuer = s.tokenIssuer;
            tokenAudience = s.tokenAudience;
            tokenLeeway = s.tokenLeeway;
            tokenAllowNoExpiry = s.tokenAllowNoExpiry;
            demo = s.demo;
            adminPassword = s.adminPassword;
            drainPeriod = s.drainPeriod;
            namespaces = s.namespaces;
            broker = s.broker;
            nodeId = s.nodeId;
            presenceTtl = s.presenceTtl;
            hubPublishesPerSecond = s.hubPublishesPerSecond;
            hubPublishBurst = s.hubPublishBurst;
        }

        public Builder abuseLimits(AbuseLimits limits) {
            this.abuseLimits = Objects.requireNonNull(limits, "abuseLimits");
            return this;
        }

        /** The current abuse limits, so that one of them can be changed with {@code toBuilder()}. */
        public AbuseLimits abuseLimits() {
            return abuseLimits;
        }

        /** A PEM public key (RS256/ES256) for the hub's tokens; null: none. */
        public Builder tokenPublicKey(Path pem) {
            this.tokenPublicKey = pem;
            return this;
        }

        /** A JWKS URL for the hub's token keys; empty: none. */
        public Builder tokenJwksUrl(String url) {
            Objects.requireNonNull(url, "tokenJwksUrl");
            if (!url.isBlank()) {
                java.net.URI u;
                try {
                    u = java.net.URI.create(url.trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("token-jwks-url is not a URL: " + url);
                }
                if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme())) {
                    throw new IllegalArgumentException("token-jwks-url must be an https:// (or http://) URL, was "
                            + url);
                }
            }
            this.tokenJwksUrl = url.trim();
            return this;
        }

        public Builder tokenIssuer(String issuer) {
            this.tokenIssuer = Objects.requireNonNull(issuer, "tokenIssuer").trim();
            return this;
        }

        public Builder tokenAudience(String audience) {
            this.tokenAudience = Objects.requireNonNull(audience, "tokenAudience").trim();
            return this;
        }

        public Builder tokenLeeway(Duration leeway) {
            Objects.requireNonNull(leeway, "tokenLeeway");
            if (leeway.isNegative()) {
                throw new IllegalArgumentException("token-leeway must not be negative, was " + leeway);
            }
            this.tokenLeeway = leeway;
            return this;
        }

        public Builder tokenAllowNoExpiry(boolean allow) {
            this.tokenAllowNoExpiry = allow;
            return this;
        }

        /** Serve the demo routes and pages; false: only the hub, its API, admin, health, metrics. Default true. */
        public Builder demo(boolean demo) {
            this.demo = demo;
            return this;
        }

        /** The admin page's password (at least 8 characters); empty (the default) turns the admin page off. */
        public Builder adminPassword(String password) {
            Objects.requireNonNull(password, "adminPassword");
            if (!password.isEmpty() && password.length() < 8) {
                throw new IllegalArgumentException("admin-password must be at least 8 characters");
            }
            this.adminPassword = password;
            return this;
        }

        /** The drain period; 0 closes every connection at once. Default 10 s. */
        public Builder drainPeriod(Duration period) {
            Objects.requireNonNull(period, "drainPeriod");
            if (period.isNegative()) {
                throw new IllegalArgumentException("drainPeriod must not be negative, was " + period);
            }
            this.drainPeriod = period;
            return this;
        }

        /** The hub's channel namespaces. Default {@link HubNamespaces#NONE}. */
        public Builder namespaces(HubNamespaces namespaces) {
            this.namespaces = Objects.requireNonNull(namespaces, "namespaces");
            return this;
        }

        /** {@code memory}, or Redis URIs (comma-separated shards); checked when the server starts. */
        public Builder broker(String broker) {
            String b = Objects.requireNonNull(broker, "broker").trim();
            if (b.isEmpty()) {
                throw new IllegalArgumentException("broker must be memory or redis://host:port[,redis://...]");
            }
            if (!b.equals("memory") && !b.startsWith("redis://") && !b.startsWith("rediss://")) {
                throw new IllegalArgumentException("broker must be memory or Redis URIs (redis://host:6379,"
                        + " rediss://:password@host:6380, comma-separated for shards), was '" + b + "'");
            }
            this.broker = b;
            return this;
        }

        /** 1-40 of {@code A-Z a-z 0-9 _ -} (it starts every HTTP session id of the node); empty: random at start. */
        public Builder nodeId(String nodeId) {
            Objects.requireNonNull(nodeId, "nodeId");
            if (!nodeId.isEmpty() && !nodeId.matches("[A-Za-z0-9_-]{1,40}")) {
                throw new IllegalArgumentException("node-id must be 1-40 of A-Z a-z 0-9 _ -, was '" + nodeId + "'");
            }
            this.nodeId = nodeId;
            return this;
        }

        /** At least 1 s. */
        public Builder presenceTtl(Duration ttl) {
            positive(ttl, "presenceTtl");
            if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("presence-ttl must be at least 1s, was " + ttl);
            }
            this.presenceTtl = ttl;
            return this;
        }

        /** Hub publishes a second per connection (0: no limit); past it a publish gets {@code rate_limited}. */
        public Builder hubPublishesPerSecond(double perSecond) {
            if (!(perSecond >= 0)) {
                throw new IllegalArgumentException("hub-publishes-per-second must be 0 (no limit) or more, was "
                        + perSecond);
            }
            this.hubPublishesPerSecond = perSecond;
            return this;
        }

        /** At least 1. */
        public Builder hubPublishBurst(int burst) {
            if (burst < 1) {
                throw new IllegalArgumentException("hub-publish-burst must be at least 1, was " + burst);
            }
            this.hubPublishBurst = burst;
            return this;
        }

        public Builder host(String host) {
            if (Objects.requireNonNull(host, "host").isBlank()) {
                throw new IllegalArgumentException("host must not be empty");
            }
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        public Builder limits(ConnectionLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** The current limits, so that one of them can be changed with {@code toBuilder()}. */
        public ConnectionLimits limits() {
            return limits;
        }

        public Builder http(HttpTransportOptions http) {
            this.http = Objects.requireNonNull(http, "http");
            return this;
        }

        /** The current HTTP transport settings, so that one of them can be changed with {@code toBuilder()}. */
        public HttpTransportOptions http() {
            return http;
        }

        public Builder maxConnections(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxConnections must be >= 0 (0: from the fd limit), was " + max);
            }
            this.maxConnections = max;
            return this;
        }

        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive(timeout, "handshakeTimeout");
            return this;
        }

        public Builder maxRequestHeaderBytes(int bytes) {
            if (bytes < 256) {
                throw new IllegalArgumentException("maxRequestHeaderBytes must be >= 256, was " + bytes);
            }
            this.maxRequestHeaderBytes = bytes;
            return this;
        }

        public Builder maxRequestBodyBytes(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxRequestBodyBytes must be > 0, was " + bytes);
            }
            this.maxRequestBodyBytes = bytes;
            return this;
        }

        public Builder ioThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("ioThreads must be >= 0, was " + threads);
            }
            this.ioThreads = threads;
            return this;
        }

        public Builder ioTransport(dev.pushwire.server.IoTransport transport) {
            this.ioTransport = java.util.Objects.requireNonNull(transport, "transport");
            return this;
        }

        public Builder allowedOrigins(List<String> origins) {
            dev.pushwire.server.PushwireServer.builder().allowedOrigins(origins); // validates each entry
            this.allowedOrigins = List.copyOf(origins);
            return this;
        }

        /** Count meters and serve {@code GET /metrics}; false: no meters and no route (404). Default true. */
        public Builder metrics(boolean metrics) {
            this.metrics = metrics;
            return this;
        }

        public Builder deflate(boolean deflate) {
            this.deflate = deflate;
            return this;
        }

        /** The PEM certificate; null turns TLS off. */
        public Builder tlsCert(Path cert) {
            this.tlsCert = cert;
            return this;
        }

        /** The PEM private key; null turns TLS off. */
        public Builder tlsKey(Path key) {
            this.tlsKey = key;
            return this;
        }

        public Builder shutdownTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "shutdownTimeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("shutdownTimeout must not be negative, was " + timeout);
            }
            this.shutdownTimeout = timeout;
            return this;
        }

        public Builder tickInterval(Duration interval) {
            this.tickInterval = positive(interval, "tickInterval");
            return this;
        }

        /** The publish API key; empty (the default) turns the API off. */
        public Builder apiKey(String apiKey) {
            this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
            return this;
        }

        /** The token secret (at least 32 bytes); empty (the default) means no tokens. */
        public Builder tokenSecret(String secret) {
            Objects.requireNonNull(secret, "tokenSecret");
            if (!secret.isEmpty() && secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
                throw new IllegalArgumentException("token-secret must be at least 32 bytes for HS256");
            }
            this.tokenSecret = secret;
            return this;
        }

        /**
         * @throws IllegalArgumentException if only one of the TLS certificate and key is given
         */
        public ServeSettings build() {
            if ((tlsCert == null) != (tlsKey == null)) {
                throw new IllegalArgumentException("TLS needs both a certificate and a key (tls-cert and tls-key);"
                        + " only " + (tlsCert != null ? "tls-cert" : "tls-key") + " was given");
            }
            int keys = (tokenSecret.isEmpty() ? 0 : 1) + (tokenPublicKey == null ? 0 : 1)
                    + (tokenJwksUrl.isEmpty() ? 0 : 1);
            if (keys > 1) {
                throw new IllegalArgumentException("give one of token-secret, token-public-key and token-jwks-url,"
                        + " not " + keys);
            }
            return new ServeSettings(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be > 0, was " + d);
            }
            return d;
        }
    }
}
