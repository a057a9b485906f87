package dev.pushwire.spring.boot;

import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.core.hub.ChannelOptions;
import dev.pushwire.core.hub.SlowSubscriberPolicy;
import dev.pushwire.server.HttpTransportOptions;
import dev.pushwire.websocket.DeflateOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code pushwire.*} properties: every setting of the Pushwire server the starter runs, with the server's own
 * defaults except the port (8081, so that it does not collide with the application's {@code server.port}).
 * Sizes take Spring's {@link DataSize} units ({@code 64KB} is 65,536 bytes), durations Spring's ({@code 25s},
 * {@code 500ms}). docs/spring-boot.md lists them all; a test checks that list against the generated metadata.
 *
 * <p>Mutable, as Spring binds it; read once when the server is built.
 */
@ConfigurationProperties("pushwire")
public class PushwireProperties {
    /** Whether to run a Pushwire server in this application. */
    private boolean enabled = true;

    /** Address to bind; 0.0.0.0 is every interface, 127.0.0.1 only this machine. */
    private String host = "0.0.0.0";

    /** TCP port of the Pushwire server (WebSocket and its HTTP fallbacks); 0 picks a free one. */
    private int port = 8081;

    /** Open connections (WebSocket and HTTP sessions) past which new ones are refused with 503. */
    private int maxConnections = 10_000;

    /** Time a client has to send a whole HTTP request once connected; past it the TCP connection is closed. */
    private Duration handshakeTimeout = Duration.ofSeconds(10);

    /** Largest request line plus headers; larger requests get 431. */
    private DataSize maxRequestHeaderBytes = DataSize.ofKilobytes(8);

    /** Largest HTTP request body; larger requests get 413. */
    private DataSize maxRequestBodyBytes = DataSize.ofMegabytes(1);

    /**
     * Origin values allowed to connect, e.g. https://example.com; a request with another Origin gets 403. Empty
     * allows any; a request without an Origin header (not from a browser) is always allowed.
     */
    private List<String> allowedOrigins = new ArrayList<>();

    /**
     * How long stopping waits for clients to answer the close (1001) before dropping them. Keep it below
     * spring.lifecycle.timeout-per-shutdown-phase (30s by default).
     */
    private Duration shutdownTimeout = Duration.ofSeconds(5);

    /**
     * On stop, first drain for this long: stop taking connections and close the open ones with 1001 spread over the
     * period, each told to reconnect at a random moment within it, so that a rolling deploy does not bring every
     * client back at once; 0 closes them all at once. Drain period plus shutdown-timeout must fit in
     * spring.lifecycle.timeout-per-shutdown-phase.
     */
    private Duration drainPeriod = Duration.ZERO;

    /** Event-loop threads serving connections; 0 is one per available processor. */
    private int ioThreads = 0;

    /**
     * Where the hub's channels live: "memory" (this node only), or Redis URIs, comma-separated, one per shard
     * (redis://host:6379, rediss://:password@host:6380/2), shared by every node; Redis needs pushwire-redis on the
     * class path. A Broker bean of the application's own takes precedence.
     */
    private String broker = "memory";

    /** Per-connection limits, the same on every transport. */
    private final Limits limits = new Limits();

    /** permessage-deflate (RFC 7692). */
    private final Deflate deflate = new Deflate();

    /** The HTTP transports (SSE, long polling, polling) every endpoint also speaks. */
    private final Http http = new Http();

    /** The hub (channels, history, presence) and its HTTP publish API. */
    private final HubProperties hub = new HubProperties();

    /** TLS: with both files set the server speaks wss:// and https:// only. */
    private final Tls tls = new Tls();

    /** Whether the server's meters go to the application's MeterRegistry (when there is one). */
    private final Metrics metrics = new Metrics();

    /** Settings of the Redis broker and presence store, used when pushwire.broker is a Redis URI. */
    private final Redis redis = new Redis();

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public int getPort() { return port; }
    public void setPort(int port) { this.port = port; }
    public int getMaxConnections() { return maxConnections; }
    public void setMaxConnections(int maxConnections) { this.maxConnections = maxConnections; }
    public Duration getHandshakeTimeout() { return handshakeTimeout; }
    public void setHandshakeTimeout(Duration handshakeTimeout) { this.handshakeTimeout = handshakeTimeout; }
    public DataSize getMaxRequestHeaderBytes() { return maxRequestHeaderBytes; }
    public void setMaxRequestHeaderBytes(DataSize size) { this.maxRequestHeaderBytes = size; }
    public DataSize getMaxRequestBodyBytes() { return maxRequestBodyBytes; }
    public void setMaxRequestBodyBytes(DataSize size) { this.maxRequestBodyBytes = size; }
    public List<String> getAllowedOrigins() { return allowedOrigins; }
    public void setAllowedOrigins(List<String> allowedOrigins) { this.allowedOrigins = allowedOrigins; }
    public Duration getShutdownTimeout() { return shutdownTimeout; }
    public void setShutdownTimeout(Duration shutdownTimeout) { this.shutdownTimeout = shutdownTimeout; }
    public Duration getDrainPeriod() { return drainPeriod; }
    public void setDrainPeriod(Duration drainPeriod) { this.drainPeriod = drainPeriod; }
    public int getIoThreads() { return ioThreads; }
    public void setIoThreads(int ioThreads) { this.ioThreads = ioThreads; }
    public String getBroker() { return broker; }
    public void setBroker(String broker) { this.broker = broker; }
    public Limits getLimits() { return limits; }
    public Deflate getDeflate() { return deflate; }
    public Http getHttp() { return http; }
    public HubProperties getHub() { return hub; }
    public Tls getTls() { return tls; }
    public Metrics getMetrics() { return metrics; }
    public Redis getRedis() { return redis; }

    /** {@code pushwire.limits.*}: the server's {@link ConnectionLimits}. */
    public static class Limits {
        /** Largest message accepted from a client, after joining fragments and inflating; past it close 1009. */
        private DataSize maxMessageBytes = DataSize.ofMegabytes(1);

        /** Largest single WebSocket frame accepted (1009 past it); at most max-message-bytes. */
        private DataSize maxFrameBytes = DataSize.ofMegabytes(1);

        /** Bytes waiting unsent to one client; past it the client is a slow consumer and is closed with 4000. */
        private DataSize maxBufferedBytes = DataSize.ofMegabytes(4);

        /**
         * Unsent bytes past which a connection's isWritable() turns false (flow control); 0 is half of
         * max-buffered-bytes.
         */
        private DataSize highWaterMark = DataSize.ofBytes(0);

        /** Unsent bytes to which the buffer must fall before isWritable() turns true again; 0 is half the high mark. */
        private DataSize lowWaterMark = DataSize.ofBytes(0);

        /** Ping a client after this long without hearing from it; 0 turns heartbeats off. */
        private Duration pingInterval = Duration.ofSeconds(25);

        /** Drop a client that has not answered a ping for this long (reported as 4001). */
        private Duration pingTimeout = Duration.ofSeconds(20);

        /** Close a client that sent no message for this long (4002); 0 never. */
        private Duration idleTimeout = Duration.ZERO;

        /** After our close frame, wait this long for the client's before dropping the TCP connection. */
        private Duration closeTimeout = Duration.ofSeconds(5);

        public DataSize getMaxMessageBytes() { return maxMessageBytes; }
        public void setMaxMessageBytes(DataSize size) { this.maxMessageBytes = size; }
        public DataSize getMaxFrameBytes() { return maxFrameBytes; }
        public void setMaxFrameBytes(DataSize size) { this.maxFrameBytes = size; }
        public DataSize getMaxBufferedBytes() { return maxBufferedBytes; }
        public void setMaxBufferedBytes(DataSize size) { this.maxBufferedBytes = size; }
        public DataSize getHighWaterMark() { return highWaterMark; }
        public void setHighWaterMark(DataSize size) { this.highWaterMark = size; }
        public DataSize getLowWaterMark() { return lowWaterMark; }
        public void setLowWaterMark(DataSize size) { this.lowWaterMark = size; }
        public Duration getPingInterval() { return pingInterval; }
        public void setPingInterval(Duration pingInterval) { this.pingInterval = pingInterval; }
        public Duration getPingTimeout() { return pingTimeout; }
        public void setPingTimeout(Duration pingTimeout) { this.pingTimeout = pingTimeout; }
        public Duration getIdleTimeout() { return idleTimeout; }
        public void setIdleTimeout(Duration idleTimeout) { this.idleTimeout = idleTimeout; }
        public Duration getCloseTimeout() { return closeTimeout; }
        public void setCloseTimeout(Duration closeTimeout) { this.closeTimeout = closeTimeout; }

        /** These limits as the server's value; throws IllegalArgumentException naming a bad one. */
        public ConnectionLimits toConnectionLimits() {
            return ConnectionLimits.builder()
                    .maxMessageBytes(Sizes.toInt(maxMessageBytes, "pushwire.limits.max-message-bytes"))
                    .maxFrameBytes(Sizes.toInt(maxFrameBytes, "pushwire.limits.max-frame-bytes"))
                    .maxBufferedBytes(maxBufferedBytes.toBytes())
                    .waterMarks(lowWaterMark.toBytes(), highWaterMark.toBytes())
                    .pingInterval(pingInterval).pingTimeout(pingTimeout)
                    .idleTimeout(idleTimeout).closeTimeout(closeTimeout)
                    .build();
        }
    }

    /** {@code pushwire.deflate.*}: the server's {@link DeflateOptions}. */
    public static class Deflate {
        /** Accept permessage-deflate from clients that offer it. Costs CPU and about 300 KiB per connection. */
        private boolean enabled = false;

        /** zlib level, 0 (store) to 9 (smallest). */
        private int compressionLevel = 6;

        /** LZ77 window (8-15 bits) asked of clients that offer client_max_window_bits. */
        private int clientMaxWindowBits = 15;

        /** LZ77 window (8-15 bits) the server compresses with. */
        private int serverMaxWindowBits = 15;

        /** Ask clients to reset their compressor after each message (less memory, worse ratio). */
        private boolean clientNoContextTakeover = false;

        /** Reset the server's compressor after each message. */
        private boolean serverNoContextTakeover = false;

        /** Messages smaller than this are sent uncompressed. */
        private DataSize threshold = DataSize.ofBytes(1024);

        /** Most bytes one inflated message may take (1009 past it); 0 is limits.max-message-bytes. */
        private DataSize maxInflatedBytes = DataSize.ofBytes(0);

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public int getCompressionLevel() { return compressionLevel; }
        public void setCompressionLevel(int level) { this.compressionLevel = level; }
        public int getClientMaxWindowBits() { return clientMaxWindowBits; }
        public void setClientMaxWindowBits(int bits) { this.clientMaxWindowBits = bits; }
        public int getServerMaxWindowBits() { return serverMaxWindowBits; }
        public void setServerMaxWindowBits(int bits) { this.serverMaxWindowBits = bits; }
        public boolean isClientNoContextTakeover() { return clientNoContextTakeover; }
        public void setClientNoContextTakeover(boolean on) { this.clientNoContextTakeover = on; }
        public boolean isServerNoContextTakeover() { return serverNoContextTakeover; }
        public void setServerNoContextTakeover(boolean on) { this.serverNoContextTakeover = on; }
        public DataSize getThreshold() { return threshold; }
        public void setThreshold(DataSize threshold) { this.threshold = threshold; }
        public DataSize getMaxInflatedBytes() { return maxInflatedBytes; }
        public void setMaxInflatedBytes(DataSize size) { this.maxInflatedBytes = size; }

        /** These settings as the server's value ({@link DeflateOptions#DISABLED} when not enabled). */
        public DeflateOptions toDeflateOptions() {
            if (!enabled) {
                return DeflateOptions.DISABLED;
            }
            return DeflateOptions.builder()
                    .compressionLevel(compressionLevel)
                    .clientMaxWindowBits(clientMaxWindowBits).serverMaxWindowBits(serverMaxWindowBits)
                    .clientNoContextTakeover(clientNoContextTakeover).serverNoContextTakeover(serverNoContextTakeover)
                    .thresholdBytes(Sizes.toInt(threshold, "pushwire.deflate.threshold"))
                    .maxInflatedBytes(Sizes.toInt(maxInflatedBytes, "pushwire.deflate.max-inflated-bytes"))
                    .build();
        }
    }

    /** {@code pushwire.http.*}: the server's {@link HttpTransportOptions}. */
    public static class Http {
        /** Serve SSE, long polling and polling (?transport=) on every endpoint; false answers them 404. */
        private boolean enabled = true;

        /** A long poll with nothing to send is answered empty after this long; keep it below proxy timeouts. */
        private Duration longPollHold = Duration.ofSeconds(25);

        /**
         * The latency budget of long-poll batching: the longest a queued message waits for more so they go in one
         * answer (adaptive: no wait when the session is quiet or its messages come more than half the budget apart;
         * when busy, until four wait, at most 3.5 message gaps); `0` answers at once.
         */
        private Duration longPollLinger = Duration.ofMillis(50);

        /** An SSE comment line this often, so proxies neither buffer nor time out the stream. */
        private Duration sseHeartbeat = Duration.ofSeconds(15);

        /**
         * Announced to SSE clients (ackMs): the longest they wait before acknowledging what they received; they
         * acknowledge sooner after a quarter of max-queued-bytes.
         */
        private Duration sseAckInterval = Duration.ofSeconds(10);

        /** An HTTP-transport session without any request for this long expires (4003). */
        private Duration sessionTimeout = Duration.ofSeconds(30);

        /** Payload bytes per poll answer; one message always goes whole. */
        private DataSize maxBatchBytes = DataSize.ofKilobytes(64);

        /** Largest POST body of the HTTP transports; larger gets 413. */
        private DataSize maxPostBytes = DataSize.ofMegabytes(4);

        /** Closed session ids remembered, so that a late poll learns why its session closed. */
        private int rememberClosedSessions = 10_000;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public Duration getLongPollHold() { return longPollHold; }
        public void setLongPollHold(Duration d) { this.longPollHold = d; }
        public Duration getLongPollLinger() { return longPollLinger; }
        public void setLongPollLinger(Duration d) { this.longPollLinger = d; }
        public Duration getSseHeartbeat() { return sseHeartbeat; }
        public void setSseHeartbeat(Duration d) { this.sseHeartbeat = d; }
        public Duration getSseAckInterval() { return sseAckInterval; }
        public void setSseAckInterval(Duration d) { this.sseAckInterval = d; }
        public Duration getSessionTimeout() { return sessionTimeout; }
        public void setSessionTimeout(Duration d) { this.sessionTimeout = d; }
        public DataSize getMaxBatchBytes() { return maxBatchBytes; }
        public void setMaxBatchBytes(DataSize size) { this.maxBatchBytes = size; }
        public DataSize getMaxPostBytes() { return maxPostBytes; }
        public void setMaxPostBytes(DataSize size) { this.maxPostBytes = size; }
        public int getRememberClosedSessions() { return rememberClosedSessions; }
        public void setRememberClosedSessions(int count) { this.rememberClosedSessions = count; }

        /** These settings as the server's value. */
        public HttpTransportOptions toHttpTransportOptions() {
            return HttpTransportOptions.builder()
                    .enabled(enabled)
                    .longPollHold(longPollHold).longPollLinger(longPollLinger)
                    .sseHeartbeat(sseHeartbeat).sseAckInterval(sseAckInterval).sessionTimeout(sessionTimeout)
                    .maxBatchBytes(Sizes.toInt(maxBatchBytes, "pushwire.http.max-batch-bytes"))
                    .maxPostBytes(Sizes.toInt(maxPostBytes, "pushwire.http.max-post-bytes"))
                    .rememberClosedSessions(rememberClosedSessions)
                    .build();
        }
    }

    /** {@code pushwire.hub.*}: the hub endpoint, its options and its publish API. */
    public static class HubProperties {
        /** Path of the hub endpoint (channels, history, presence; docs/hub.md), e.g. /pushwire; unset: no hub. */
        private String path;

        /** Root of the hub's HTTP publish API (root/publish, /broadcast, /history, /presence, /channels). */
        private String apiPath = "/api";

        /** Key of the publish API (header X-API-Key); unset: the API is not served. */
        private String apiKey;

        /**
         * HS256 secret (at least 32 bytes) of the hub's JWT connection tokens; unset: no token verifier unless the
         * application defines a TokenVerifier bean, and every hub client is anonymous.
         */
        private String tokenSecret;

        /** Channels one connection may subscribe to; past it the error too_many_channels. */
        private int maxChannelsPerConnection = 128;

        /** Longest channel name accepted. */
        private int maxChannelNameLength = 255;

        /** Unsent bytes on a subscriber's connection past which its channel's slow-subscriber policy applies. */
        private DataSize slowSubscriberBytes = DataSize.ofMegabytes(1);

        /** Most publications one recovery may return; a longer gap is answered unrecoverable. */
        private int maxRecoveredPublications = 10_000;

        /** Hub threads for fan-out and timers. */
        private int threads = 2;

        /** Options of channels in no namespace. */
        private final Channel channels = new Channel();

        /** Options per namespace: a key "chat:*" (a prefix) or an exact channel name, in brackets in properties. */
        private Map<String, Channel> namespaces = new LinkedHashMap<>();

        public String getPath() { return path; }
        public void setPath(String path) { this.path = path; }
        public String getApiPath() { return apiPath; }
        public void setApiPath(String apiPath) { this.apiPath = apiPath; }
        public String getApiKey() { return apiKey; }
        public void setApiKey(String apiKey) { this.apiKey = apiKey; }
        public String getTokenSecret() { return tokenSecret; }
        public void setTokenSecret(String tokenSecret) { this.tokenSecret = tokenSecret; }
        public int getMaxChannelsPerConnection() { return maxChannelsPerConnection; }
        public void setMaxChannelsPerConnection(int max) { this.maxChannelsPerConnection = max; }
        public int getMaxChannelNameLength() { return maxChannelNameLength; }
        public void setMaxChannelNameLength(int max) { this.maxChannelNameLength = max; }
        public DataSize getSlowSubscriberBytes() { return slowSubscriberBytes; }
        public void setSlowSubscriberBytes(DataSize size) { this.slowSubscriberBytes = size; }
        public int getMaxRecoveredPublications() { return maxRecoveredPublications; }
        public void setMaxRecoveredPublications(int max) { this.maxRecoveredPublications = max; }
        public int getThreads() { return threads; }
        public void setThreads(int threads) { this.threads = threads; }
        public Channel getChannels() { return channels; }
        public Map<String, Channel> getNamespaces() { return namespaces; }
        public void setNamespaces(Map<String, Channel> namespaces) { this.namespaces = namespaces; }
    }

    /** Options of a hub channel: {@code pushwire.hub.channels.*} and each {@code pushwire.hub.namespaces[...]}. */
    public static class Channel {
        /** Publications kept per channel for history and recovery; 0 keeps none. */
        private int historySize = 100;

        /** How long a publication stays in history. */
        private Duration historyTtl = Duration.ofMinutes(5);

        /** Track who is subscribed (presence). */
        private boolean presence = true;

        /** Push join and leave events to subscribers. */
        private boolean joinLeave = true;

        /** Let clients without a token subscribe and publish. */
        private boolean allowAnonymous = false;

        /** Let clients publish over their connection. */
        private boolean clientPublish = true;

        /** What happens to a subscriber past hub.slow-subscriber-bytes: close (4000) or drop-oldest. */
        private SlowSubscriberPolicy slowSubscriberPolicy = SlowSubscriberPolicy.CLOSE;

        /** Publications kept for a slow subscriber under drop-oldest. */
        private int slowSubscriberQueue = 64;

        public int getHistorySize() { return historySize; }
        public void setHistorySize(int historySize) { this.historySize = historySize; }
        public Duration getHistoryTtl() { return historyTtl; }
        public void setHistoryTtl(Duration historyTtl) { this.historyTtl = historyTtl; }
        public boolean isPresence() { return presence; }
        public void setPresence(boolean presence) { this.presence = presence; }
        public boolean isJoinLeave() { return joinLeave; }
        public void setJoinLeave(boolean joinLeave) { this.joinLeave = joinLeave; }
        public boolean isAllowAnonymous() { return allowAnonymous; }
        public void setAllowAnonymous(boolean allowAnonymous) { this.allowAnonymous = allowAnonymous; }
        public boolean isClientPublish() { return clientPublish; }
        public void setClientPublish(boolean clientPublish) { this.clientPublish = clientPublish; }
        public SlowSubscriberPolicy getSlowSubscriberPolicy() { return slowSubscriberPolicy; }
        public void setSlowSubscriberPolicy(SlowSubscriberPolicy policy) { this.slowSubscriberPolicy = policy; }
        public int getSlowSubscriberQueue() { return slowSubscriberQueue; }
        public void setSlowSubscriberQueue(int length) { this.slowSubscriberQueue = length; }

        /** These settings as the hub's value. */
        public ChannelOptions toChannelOptions() {
            return ChannelOptions.builder()
                    .historySize(historySize).historyTtl(historyTtl)
                    .presence(presence).joinLeave(joinLeave)
                    .allowAnonymous(allowAnonymous).clientPublish(clientPublish)
                    .slowSubscriberPolicy(slowSubscriberPolicy).slowSubscriberQueue(slowSubscriberQueue)
                    .build();
        }
    }

    /** {@code pushwire.tls.*}. */
    public static class Tls {
        /** PEM certificate chain; with private-key the server speaks wss:// and https:// only. */
        private Path certificate;

        /** PEM private key (PKCS#8) belonging to the certificate. */
        private Path privateKey;

        public Path getCertificate() { return certificate; }
        public void setCertificate(Path certificate) { this.certificate = certificate; }
        public Path getPrivateKey() { return privateKey; }
        public void setPrivateKey(Path privateKey) { this.privateKey = privateKey; }
    }

    /** {@code pushwire.metrics.*}. */
    public static class Metrics {
        /** Report the server's and the hub's meters (pushwire_*) to the application's MeterRegistry. */
        private boolean enabled = true;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
    }

    /** {@code pushwire.redis.*}: the Redis broker's and presence store's settings (pushwire-redis's RedisOptions). */
    public static class Redis {
        /** Names this node to the others (broker, HTTP session ids, cluster bus); empty: 8 random hex digits. */
        private String nodeId = "";

        /** Every Redis key and pub/sub channel starts with this and a colon, so applications can share a Redis. */
        private String keyPrefix = "pushwire";

        /** A Redis command not answered within this fails (broker_unavailable): a paused or overloaded Redis. */
        private Duration commandTimeout = Duration.ofSeconds(2);

        /** Presence entries of a node that stopped refreshing them (it died) vanish after this long. */
        private Duration presenceTtl = Duration.ofSeconds(25);

        public String getNodeId() { return nodeId; }
        public void setNodeId(String nodeId) { this.nodeId = nodeId; }
        public String getKeyPrefix() { return keyPrefix; }
        public void setKeyPrefix(String keyPrefix) { this.keyPrefix = keyPrefix; }
        public Duration getCommandTimeout() { return commandTimeout; }
        public void setCommandTimeout(Duration commandTimeout) { this.commandTimeout = commandTimeout; }
        public Duration getPresenceTtl() { return presenceTtl; }
        public void setPresenceTtl(Duration presenceTtl) { this.presenceTtl = presenceTtl; }
    }

    /** Size conversions that name the property when a size does not fit. */
    static final class Sizes {
        private Sizes() {
        }

        static int toInt(DataSize size, String property) {
            long bytes = size.toBytes();
            if (bytes < 0 || bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(property + " must be 0 to 2GB - 1, was " + size);
            }
            return (int) bytes;
        }
    }
}
