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
 * A {@link HandshakeRequest} over a Netty request's line and headers. Immutable after construction (the headers
 * are copied, so the request's buffer may be released); the query and cookies are parsed on first use.
 */
public final class NettyHandshakeRequest implements HandshakeRequest {
    private final String rawUri;
    private final HttpHeaders headers;
    private final InetSocketAddress remoteAddress;
    /** Lazily parsed; racy but idempotent (the same value whichever thread parses). */
    private volatile QueryStringDecoder query;
    private volatile Map<String, String> cookies;

    public NettyHandshakeRequest(HttpRequest request, InetSocketAddress remoteAddress) {
        this.rawUri = request.uri();
        this.headers = request.headers().copy();
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
        return Optional.ofNullable(headers.get(name));
    }

    @Override
    public List<String> headers(String name) {
        return Collections.unmodifiableList(headers.getAll(name));
    }

    @Override
    public List<String> headerNames() {
        return List.copyOf(headers.names());
    }

    /** The Netty headers (read-only by convention). */
    public HttpHeaders nettyHeaders() {
        return headers;
    }

    @Override
    public Map<String, String> cookies() {
        Map<String, String> c = cookies;
        if (c == null) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String header : headers.getAll(HttpHeaderNames.COOKIE)) {
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
