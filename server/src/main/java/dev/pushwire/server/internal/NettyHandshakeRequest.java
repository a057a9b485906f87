package dev.pushwire.server.internal;

import dev.pushwire.core.HandshakeRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link HandshakeRequest} over a Netty request's line and headers. Immutable after construction: the headers are
 * copied into one flat array of name/value strings (a WebSocket keeps its request for its whole life, so this stays
 * small: no hash table, no entry objects); the query and cookies are parsed on first use.
 */
public final class NettyHandshakeRequest implements HandshakeRequest {
    private final String rawUri;
    /** name0, value0, name1, value1, ... in the order sent. */
    private final String[] headers;
    private final InetSocketAddress remoteAddress;
    /** Lazily parsed; racy but idempotent (the same value whichever thread parses). */
    private volatile QueryStringDecoder query;
    private volatile Map<String, String> cookies;

    public NettyHandshakeRequest(HttpRequest request, InetSocketAddress remoteAddress) {
        this.rawUri = request.uri();
        HttpHeaders h = request.headers();
        String[] flat = new String[h.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : h) {
            flat[i++] = e.getKey();
            flat[i++] = e.getValue();
        }
        this.headers = i == flat.length ? flat : java.util.Arrays.copyOf(flat, i);
        this.remoteAddress = remoteAddress;
    }

    @Override
    public URI uri() {
        try {
            return URI.create(rawUri);
        } catch (IllegalArgumentException e) {
            return URI.create(query().rawPath());
        }
    }

    @Override
    public String path() {
        return query().path();
    }

    /** The request target exactly as sent. */
    public String rawUri() {
        return rawUri;
    }

    @Override
    public Optional<String> queryParam(String name) {
        List<String> values = query().parameters().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    @Override
    public Map<String, List<String>> queryParams() {
        return Collections.unmodifiableMap(query().parameters());
    }

    @Override
    public Optional<String> header(String name) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase(name)) {
                return Optional.of(headers[i + 1]);
            }
        }
        return Optional.empty();
    }

    @Override
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>(2);
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase(name)) {
                values.add(headers[i + 1]);
            }
        }
        return Collections.unmodifiableList(values);
    }

    @Override
    public List<String> headerNames() {
        List<String> names = new ArrayList<>(headers.length / 2);
        for (int i = 0; i < headers.length; i += 2) {
            if (names.stream().noneMatch(headers[i]::equalsIgnoreCase)) {
                names.add(headers[i]);
            }
        }
        return Collections.unmodifiableList(names);
    }

    @Override
    public Map<String, String> cookies() {
        Map<String, String> c = cookies;
        if (c == null) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String header : headers(HttpHeaderNames.COOKIE.toString())) {
                for (Cookie cookie : ServerCookieDecoder.LAX.decode(header)) {
                    m.putIfAbsent(cookie.name(), cookie.value());
                }
            }
            c = Collections.unmodifiableMap(m);
            cookies = c;
        }
        return c;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    private QueryStringDecoder query() {
        QueryStringDecoder q = query;
        if (q == null) {
            q = new QueryStringDecoder(rawUri);
            query = q;
        }
        return q;
    }

    @Override
    public String toString() {
        return "HandshakeRequest{" + rawUri + " from " + remoteAddress + '}';
    }

    static List<String> split(String commaSeparated) {
        List<String> out = new ArrayList<>();
        if (commaSeparated == null) {
            return out;
        }
        for (String s : commaSeparated.split(",")) {
            String t = s.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }
}
