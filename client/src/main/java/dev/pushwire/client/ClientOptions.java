package dev.pushwire.client;

import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.websocket.DeflateOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link PushwireClient} connects. Immutable; build with {@link #builder()} or start from {@link #DEFAULT}.
 *
 * <table>
 *   <caption>client options</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@link #headers()}</td><td>none</td><td>extra headers on the upgrade request (e.g. {@code Authorization})</td></tr>
 *   <tr><td>{@link #subprotocols()}</td><td>none</td><td>offered in {@code Sec-WebSocket-Protocol}, in order of preference;
 *       when some are offered the server must pick one of them</td></tr>
 *   <tr><td>{@link #connectTimeout()}</td><td>10 s</td><td>to resolve the host and open the TCP connection</td></tr>
 *   <tr><td>{@link #handshakeTimeout()}</td><td>10 s</td><td>from TCP connected to the {@code 101} answer (TLS included)</td></tr>
 *   <tr><td>{@link #limits()}</td><td>{@link ConnectionLimits#DEFAULT}</td><td>message and frame size (1 MiB), buffered bytes,
 *       ping interval and timeout (the client pings a server that has been silent for the interval), close timeout</td></tr>
 *   <tr><td>{@link #deflate()}</td><td>{@link DeflateOptions#DISABLED}</td><td>permessage-deflate (RFC 7692): offered
 *       with these parameters when enabled; the server may accept or not</td></tr>
 *   <tr><td>{@link #trustedCertificates()}</td><td>none: the JDK's trusted CAs</td><td>for {@code wss://}: trust exactly the
 *       certificates in this PEM file instead (e.g. a test server's self-signed certificate)</td></tr>
 *   <tr><td>{@link #verifyHostname()}</td><td>true</td><td>for {@code wss://}: the certificate must name the host</td></tr>
 *   <tr><td>{@link #maxRejectionBodyBytes()}</td><td>8 KiB</td><td>how much of a refused upgrade's body is kept for the error</td></tr>
 *   <tr><td>{@link #transports()}</td><td>{@code websocket, sse, longpolling, polling}</td><td>the transports to try in
 *       order; the next one is tried when one fails to open ({@code transports("websocket")} for WebSocket only)</td></tr>
 * </table>
 */
public final class ClientOptions {
    /** Every transport, in the default order of preference: WebSocket first, then the HTTP fallbacks. */
    private static final List<String> ALL_TRANSPORTS = List.of("websocket", "sse", "longpolling", "polling");

    /** The defaults listed above. */
    public static final ClientOptions DEFAULT = builder().build();

    /** Headers the WebSocket handshake sets itself; {@link Builder#header} refuses them. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "upgrade", "connection", "sec-websocket-key",
            "sec-websocket-version", "sec-websocket-accept", "sec-websocket-protocol", "sec-websocket-extensions",
            "content-length", "transfer-encoding");

    private final Map<String, List<String>> headers;
    private final List<String> subprotocols;
    private final Duration connectTimeout;
    private final Duration handshakeTimeout;
    private final ConnectionLimits limits;
    private final DeflateOptions deflate;
    private final Path trustedCertificates;
    private final boolean verifyHostname;
    private final int maxRejectionBodyBytes;
    private final List<String> transports;

    private ClientOptions(Builder b) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        b.headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
        this.headers = Map.copyOf(h);
        this.subprotocols = List.copyOf(b.subprotocols);
        this.connectTimeout = b.connectTimeout;
        this.handshakeTimeout = b.handshakeTimeout;
        this.limits = b.limits;
        this.deflate = b.deflate;
        this.trustedCertificates = b.trustedCertificates;
        this.verifyHostname = b.verifyHostname;
        this.maxRejectionBodyBytes = b.maxRejectionBodyBytes;
        this.transports = List.copyOf(b.transports);
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Extra headers of the upgrade request, by name as given; each name may have several values. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The subprotocols offered, most preferred first; empty offers none. */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** How long resolving the host and opening the TCP connection may take. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long from TCP connected to the server's {@code 101 Switching Protocols} (TLS handshake included). */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** Per-connection limits once open: sizes, buffered bytes, heartbeat (the client may ping), close timeout. */
    public ConnectionLimits limits() {
        return limits;
    }

    /** The permessage-deflate offer; {@link DeflateOptions#DISABLED} offers nothing. */
    public DeflateOptions deflate() {
        return deflate;
    }

    /** A PEM file whose certificates are the only ones trusted for {@code wss://}; null trusts the JDK's CAs. */
    public Path trustedCertificates() {
        return trustedCertificates;
    }

    /** Whether a {@code wss://} server's certificate must name the host of the URI. */
    public boolean verifyHostname() {
        return verifyHostname;
    }

    /**
     * The transports to try, in order, among {@code websocket}, {@code sse}, {@code longpolling}, {@code polling}.
     * When one fails to open (an HTTP error status, an upgrade stripped by a proxy, a connect timeout, no open within
     * {@link #handshakeTimeout()}, or for an HTTP transport within {@code connectTimeout + handshakeTimeout}), the
     * next is tried against the same URL. A failure every transport would share ends the attempt at once: the host
     * does not resolve, the TCP connection is refused, TLS fails; so does a {@code 101} that breaks the WebSocket
     * handshake (e.g. no subprotocol of ours: the HTTP transports negotiate none). When all fail, one {@link ConnectFailedException}
     * lists each transport's answer. Default: all four in that order; {@code transports("websocket")} for WebSocket
     * only (fails as a WebSocket client such as Node's {@code ws} does).
     */
    public List<String> transports() {
        return transports;
    }

    /** How many bytes of a refused upgrade's response body {@link ConnectFailedException#responseBody()} keeps. */
    public int maxRejectionBodyBytes() {
        return maxRejectionBodyBytes;
    }

    @Override
    public String toString() {
        return "ClientOptions{headers=" + headers.keySet() + ", subprotocols=" + subprotocols
                + ", connectTimeout=" + connectTimeout + ", handshakeTimeout=" + handshakeTimeout
                + ", limits=" + limits + ", deflate=" + (deflate.enabled() ? "offered" : "off")
                + ", trustedCertificates=" + trustedCertificates
                + ", verifyHostname=" + verifyHostname + ", maxRejectionBodyBytes=" + maxRejectionBodyBytes
                + ", transports=" + transports + '}';
    }

    /** Builds {@link ClientOptions}; every setter checks its argument. Not thread-safe. */
    public static final class Builder {
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private final List<String> subprotocols = new ArrayList<>();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private ConnectionLimits limits = ConnectionLimits.DEFAULT;
        private DeflateOptions deflate = DeflateOptions.DISABLED;
        private Path trustedCertificates;
        private boolean verifyHostname = true;
        private int maxRejectionBodyBytes = 8192;
        private List<String> transports = ALL_TRANSPORTS;

        private Builder() {
        }

        private Builder(ClientOptions o) {
            o.headers.forEach((k, v) -> headers.put(k, new ArrayList<>(v)));
            subprotocols.addAll(o.subprotocols);
            connectTimeout = o.connectTimeout;
            handshakeTimeout = o.handshakeTimeout;
            limits = o.limits;
            deflate = o.deflate;
            trustedCertificates = o.trustedCertificates;
            verifyHostname = o.verifyHostname;
            maxRejectionBodyBytes = o.maxRejectionBodyBytes;
            transports = o.transports;
        }

        /**
         * Adds a header to the upgrade request (a second call with the same name adds a second value).
         *
         * @throws IllegalArgumentException for a header the handshake sets itself ({@code Host}, {@code Upgrade},
         *                                  {@code Sec-WebSocket-*}, ...), or a name or value with line breaks
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("header " + name + " is set by the WebSocket handshake itself"
                        + " and cannot be given" + (name.equalsIgnoreCase("sec-websocket-protocol")
                        ? "; use subprotocols(...)" : name.equalsIgnoreCase("sec-websocket-extensions")
                        ? "; use deflate(...)" : ""));
            }
            if (name.isBlank() || name.matches(".*[\\s:].*") || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("invalid header: " + name);
            }
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }

        /** Offers these subprotocols, most preferred first (replaces earlier ones). */
        public Builder subprotocols(String... protocols) {
            return subprotocols(List.of(protocols));
        }

        /** Offers these subprotocols, most preferred first (replaces earlier ones). */
        public Builder subprotocols(List<String> protocols) {
            for (String p : protocols) {
                if (p.isEmpty() || !p.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
                    throw new IllegalArgumentException("invalid subprotocol name: \"" + p + "\" (RFC 6455 4.1: a token)");
                }
            }
            subprotocols.clear();
            subprotocols.addAll(protocols);
            return this;
        }

        /** How long resolving and the TCP connect may take (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** How long from TCP connected to {@code 101 Switching Protocols} (default 10 s). */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive(timeout, "handshakeTimeout");
            return this;
        }

        /** Per-connection limits once open (default {@link ConnectionLimits#DEFAULT}). */
        public Builder limits(ConnectionLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Offers permessage-deflate with these parameters (default {@link DeflateOptions#DISABLED}: no offer). */
        public Builder deflate(DeflateOptions deflate) {
            this.deflate = Objects.requireNonNull(deflate, "deflate");
            return this;
        }

        /**
         * For {@code wss://}: trust exactly the certificates in this PEM file (e.g. a self-signed server
         * certificate) instead of the JDK's CAs; null goes back to the JDK's.
         *
         * @throws IllegalArgumentException if the file does not exist
         */
        public Builder trustedCertificates(Path pemFile) {
            if (pemFile != null && !Files.isRegularFile(pemFile)) {
                throw new IllegalArgumentException("no such certificate file: " + pemFile);
            }
            this.trustedCertificates = pemFile;
            return this;
        }

        /** For {@code wss://}: whether the certificate must name the host (default true). */
        public Builder verifyHostname(boolean verify) {
            this.verifyHostname = verify;
            return this;
        }

        /** How much of a refused upgrade's body to keep for the error (default 8 KiB). */
        public Builder maxRejectionBodyBytes(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxRejectionBodyBytes must be >= 0, was " + bytes);
            }
            this.maxRejectionBodyBytes = bytes;
            return this;
        }

        /**
         * The transports to try, in order (see {@link ClientOptions#transports()}; default all four, WebSocket
         * first); e.g. {@code transports("websocket")} for WebSocket only, {@code transports("sse", "polling")} for
         * no WebSocket at all.
         *
         * @throws IllegalArgumentException if empty, repeated, or not one of the four names
         */
        public Builder transports(String... names) {
            List<String> list = List.of(names);
            if (list.isEmpty() || list.stream().distinct().count() != list.size()
                    || !List.of("websocket", "sse", "longpolling", "polling").containsAll(list)) {
                throw new IllegalArgumentException("transports must be distinct names among websocket, sse,"
                        + " longpolling, polling; got " + list);
            }
            this.transports = list;
            return this;
        }

        public ClientOptions build() {
            return new ClientOptions(this);
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
