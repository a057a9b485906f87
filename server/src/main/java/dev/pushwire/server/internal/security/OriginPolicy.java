package dev.pushwire.server.internal.security;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which web pages may use the server: the answer to cross-site WebSocket hijacking and to cross-origin reads of HTTP
 * sessions. With no allowed origins, only the server's own origin (the request's scheme, {@code Host} and port);
 * otherwise also the listed ones: exact origins ({@code https://app.example.com}), subdomain wildcards
 * ({@code https://*.example.com}, which matches {@code https://a.example.com} and {@code https://a.b.example.com}
 * but not {@code https://example.com}), or {@code *} for any origin. A request without {@code Origin} does not come
 * from a page's script (browsers always send it on WebSocket handshakes and cross-origin requests) and is allowed.
 *
 * <p>CORS: a listed origin gets {@code Access-Control-Allow-Origin: <origin>} with credentials; an origin let in
 * only by {@code *} gets {@code Access-Control-Allow-Origin: *} without credentials, so no page reads a session
 * authenticated by cookie; the server's own origin needs no CORS headers.
 *
 * <p>Immutable and thread safe.
 */
public final class OriginPolicy {
    private final List<Pattern> patterns;
    private final boolean any;

    private OriginPolicy(List<Pattern> patterns, boolean any) {
        this.patterns = patterns;
        this.any = any;
    }

    /**
     * The policy for {@code allowed} (empty: same origin only).
     *
     * @throws IllegalArgumentException for an entry that is not {@code *} or {@code scheme://host[:port]}
     */
    public static OriginPolicy of(List<String> allowed) {
        List<Pattern> patterns = new ArrayList<>();
        boolean any = false;
        for (String entry : allowed) {
            String e = entry.trim();
            if (e.equals("*")) {
                any = true;
                continue;
            }
            Origin o = Origin.parse(e.replace("://*.", "://wildcard-marker."));
            if (o == null) {
                throw new IllegalArgumentException("allowed origin \"" + entry + "\" is not an origin: write"
                        + " scheme://host[:port] (e.g. https://app.example.com, https://*.example.com) or *");
            }
            boolean wildcard = o.host.startsWith("wildcard-marker.");
            String host = wildcard ? o.host.substring("wildcard-marker".length()) : o.host; // keeps the leading dot
            patterns.add(new Pattern(o.scheme, host, o.port, wildcard));
        }
        return new OriginPolicy(List.copyOf(patterns), any);
    }

    /** One line for the start log: how origins are checked. */
    public String describe() {
        if (patterns.isEmpty() && !any) {
            return "origins: same origin only (a page on another origin gets 403; set allowedOrigins to list others)";
        }
        List<String> shown = new ArrayList<>();
        for (Pattern p : patterns) {
            shown.add(p.toString());
        }
        if (any) {
            shown.add("* (any origin, without credentialed CORS)");
        }
        return "origins: same origin and " + String.join(", ", shown);
    }

    /**
     * Decides on a request.
     *
     * @param origin the {@code Origin} header, or null
     * @param scheme the scheme the client used ({@code http} or {@code https})
     * @param host   the host (and port) the client asked for ({@code Host}), or null
     */
    public Verdict check(String origin, String scheme, String host) {
        if (origin == null) {
            return Verdict.NO_ORIGIN;
        }
        Origin o = Origin.parse(origin.trim());
        if (o != null) {
            if (host != null && o.sameAs(scheme, host)) {
                return Verdict.SAME_ORIGIN;
            }
            for (Pattern p : patterns) {
                if (p.matches(o)) {
                    return new Verdict(true, origin.trim(), true);
                }
            }
        }
        if (any) {
            return Verdict.ANY;
        }
        return Verdict.REFUSED;
    }

    /**
     * The CORS headers for a request whose origin was already allowed elsewhere (by the node that received a
     * forwarded request): a listed origin gets credentialed CORS, {@code *} plain CORS, anything else none.
     */
    public Verdict corsOf(String origin) {
        if (origin == null) {
            return Verdict.NO_ORIGIN;
        }
        Origin o = Origin.parse(origin.trim());
        if (o != null) {
            for (Pattern p : patterns) {
                if (p.matches(o)) {
                    return new Verdict(true, origin.trim(), true);
                }
            }
        }
        return any ? Verdict.ANY : Verdict.SAME_ORIGIN;
    }

    /**
     * What was decided.
     *
     * @param allowed     whether the request may go on
     * @param corsOrigin  the {@code Access-Control-Allow-Origin} value to send, or null for none
     * @param credentials whether to send {@code Access-Control-Allow-Credentials: true}
     */
    public record Verdict(boolean allowed, String corsOrigin, boolean credentials) {
        static final Verdict NO_ORIGIN = new Verdict(true, null, false);
        static final Verdict SAME_ORIGIN = new Verdict(true, null, false);
        static final Verdict ANY = new Verdict(true, "*", false);
        static final Verdict REFUSED = new Verdict(false, null, false);
    }

    private record Pattern(String scheme, String host, int port, boolean wildcard) {
        boolean matches(Origin o) {
            if (!o.scheme.equals(scheme) || o.port != port) {
                return false;
            }
            return wildcard ? o.host.endsWith(host) && o.host.length() > host.length() : o.host.equals(host);
        }

        @Override
        public String toString() {
            return scheme + "://" + (wildcard ? "*" : "") + host + ":" + port;
        }
    }

    /** A parsed, lower-cased origin with its port made explicit. */
    record Origin(String scheme, String host, int port) {
        static Origin parse(String text) {
            URI u;
            try {
                u = new URI(text);
            } catch (Exception e) {
                return null;
            }
            String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
            if (scheme == null || u.getHost() == null || (u.getRawPath() != null && !u.getRawPath().isEmpty()
                    && !u.getRawPath().equals("/")) || u.getRawQuery() != null || u.getRawUserInfo() != null) {
                return null;
            }
            int port = u.getPort() >= 0 ? u.getPort() : defaultPort(scheme);
            if (port < 0) {
                return null;
            }
            return new Origin(scheme, stripBrackets(u.getHost().toLowerCase(Locale.ROOT)), port);
        }

        /** Whether this origin is {@code scheme://host}, {@code host} being a Host header ({@code name[:port]}). */
        boolean sameAs(String requestScheme, String hostHeader) {
            String h = hostHeader.trim().toLowerCase(Locale.ROOT);
            String name;
            int port;
            int close = h.lastIndexOf(']');
            int colon = h.lastIndexOf(':');
            if (colon > close && (h.startsWith("[") || h.indexOf(':') == colon)) {
                name = h.substring(0, colon);
                try {
                    port = Integer.parseInt(h.substring(colon + 1));
                } catch (NumberFormatException e) {
                    return false;
                }
            } else {
                name = h;
                port = defaultPort(requestScheme);
            }
            return scheme.equals(requestScheme) && host.equals(stripBrackets(name)) && this.port == port;
        }

        private static String stripBrackets(String h) {
            return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        }

        private static int defaultPort(String scheme) {
            return switch (scheme) {
                case "http", "ws" -> 80;
                case "https", "wss" -> 443;
                default -> -1;
            };
        }
    }
}
