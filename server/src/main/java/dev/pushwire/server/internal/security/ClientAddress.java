package dev.pushwire.server.internal.security;

import dev.pushwire.core.HandshakeRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who sent a request: the client's address, and the scheme and host it asked for. The TCP peer's, unless the peer is
 * a trusted proxy: then {@code X-Forwarded-For} (its right-most entry that is not a trusted proxy), and
 * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} when present. Headers from other peers are ignored.
 *
 * <p>Immutable and thread safe.
 */
public final class ClientAddress {
    private final List<Block> trusted;

    public ClientAddress(List<String> trustedProxies) {
        this.trusted = parse(trustedProxies);
    }

    /**
     * Parses addresses and CIDR blocks ({@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code ::1}); only literal addresses.
     *
     * @throws IllegalArgumentException for an entry that is neither
     */
    public static List<Block> parse(List<String> entries) {
        List<Block> out = new ArrayList<>();
        for (String e : entries) {
            String s = e.trim();
            int slash = s.indexOf('/');
            String host = slash < 0 ? s : s.substring(0, slash);
            InetAddress a = literal(host);
            if (a == null) {
                throw new IllegalArgumentException("trusted proxy \"" + e + "\" is not an IP address or CIDR block"
                        + " (e.g. 10.0.0.0/8, 127.0.0.1, ::1)");
            }
            int bits = a.getAddress().length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(s.substring(slash + 1));
                } catch (NumberFormatException ex) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("trusted proxy \"" + e + "\": the prefix length must be 0-"
                            + bits);
                }
            }
            out.add(new Block(a.getAddress(), prefix));
        }
        return List.copyOf(out);
    }

    /** Whether any proxy is trusted. */
    public boolean trustsProxies() {
        return !trusted.isEmpty();
    }

    /** The client's address (as text, e.g. {@code 203.0.113.9}). */
    public String clientIp(HandshakeRequest request) {
        InetAddress peer = peer(request);
        String peerText = peer == null ? "unknown" : peer.getHostAddress();
        if (peer == null || !isTrusted(peer)) {
            return peerText;
        }
        List<String> hops = new ArrayList<>();
        for (String header : request.headers("X-Forwarded-For")) {
            for (String part : header.split(",")) {
                if (!part.isBlank()) {
                    hops.add(part.trim());
                }
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                return hops.get(i); // garbage from the first untrusted hop: count it as itself
            }
            if (!isTrusted(hop)) {
                return hop.getHostAddress();
            }
        }
        return hops.isEmpty() ? peerText : hops.get(0);
    }

    /** The scheme the client used: {@code X-Forwarded-Proto} from a trusted proxy, else ours. */
    public String scheme(HandshakeRequest request, boolean tls) {
        String own = tls ? "https" : "http";
        if (!fromTrustedProxy(request)) {
            return own;
        }
        Optional<String> proto = request.header("X-Forwarded-Proto");
        if (proto.isEmpty()) {
            return own;
        }
        String p = proto.get().split(",")[0].trim().toLowerCase(Locale.ROOT);
        return switch (p) {
            case "https", "wss" -> "https";
            case "http", "ws" -> "http";
            default -> own;
        };
    }

    /** The host (and port) the client asked for: {@code X-Forwarded-Host} from a trusted proxy, else {@code Host}. */
    public String host(HandshakeRequest request) {
        if (fromTrustedProxy(request)) {
            Optional<String> forwarded = request.header("X-Forwarded-Host");
            if (forwarded.isPresent() && !forwarded.get().isBlank()) {
                return forwarded.get().split(",")[0].trim();
            }
        }
        return request.header("Host").orElse(null);
    }

    private boolean fromTrustedProxy(HandshakeRequest request) {
        InetAddress peer = peer(request);
        return peer != null && isTrusted(peer);
    }

    private static InetAddress peer(HandshakeRequest request) {
        InetSocketAddress remote = request.remoteAddress();
        return remote == null ? null : remote.getAddress();
    }

    private boolean isTrusted(InetAddress a) {
        for (Block b : trusted) {
            if (b.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** A literal IPv4 or IPv6 address, never a DNS lookup; null if {@code s} is not one. */
    static InetAddress literal(String s) {
        String t = s.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.isEmpty() || !(t.indexOf(':') >= 0 || t.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')))) {
            return null; // not a literal: InetAddress.getByName would ask DNS
        }
        if (t.indexOf(':') >= 0 && !t.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
            return null;
        }
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address block. */
    public record Block(byte[] network, int prefix) {
        boolean contains(InetAddress a) {
            byte[] x = a.getAddress();
            if (x.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (x[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (x[full] & mask) == (network[full] & mask);
        }
    }
}
