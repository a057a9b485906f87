package dev.pushwire.server.internal;

import dev.pushwire.core.HandshakeRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link HandshakeRequest} over a Netty request's line and headers. Immutable after construction. A WebSocket
 * keeps its request for its whole life, so this stays small: the headers are copied into one string (names and
 * values each followed by a newline, which no header can contain), one object per request instead of two per
 * header; the path is decoded on each call and the query and cookies are parsed on first use.
 */
public final class NettyHandshakeRequest implements HandshakeRequest {
    private final String rawUri;
    /** "name0\nvalue0\nname1\nvalue1\n..." in the order sent (Latin-1, so one byte per character). */
    private final String headers;
    private final InetSocketAddress remoteAddress;
    /** Lazily parsed; racy but idempotent (the same value whichever thread parses). */
    private volatile QueryStringDecoder query;
    private volatile Map<String, String> cookies;

    public NettyHandshakeRequest(HttpRequest request, InetSocketAddress remoteAddress) {
        this.rawUri = request.uri();
        StringBuilder flat = new StringBuilder(256);
        Iterator<Map.Entry<CharSequence, CharSequence>> it = request.headers().iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            flat.append(e.getKey()).append('\n').append(e.getValue()).append('\n');
        }
        this.headers = flat.toString();
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
        QueryStringDecoder q = query;
        return q != null ? q.path() : new QueryStringDecoder(rawUri).path();
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
        List<String> values = headers(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    @Override
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>(2);
        for (int at = 0; at < headers.length(); ) {
            int nameEnd = headers.indexOf('\n', at);
            int valueEnd = headers.indexOf('\n', nameEnd + 1);
            if (nameEnd - at == name.length() && headers.regionMatches(true, at, name, 0, name.length())) {
                values.add(headers.substring(nameEnd + 1, valueEnd));
            }
            at = valueEnd + 1;
        }
        return Collections.unmodifiableList(values);
    }

    @Override
    public List<String> headerNames() {
        List<String> names = new ArrayList<>();
        for (int at = 0; at < headers.length(); ) {
            int nameEnd = headers.indexOf('\n', at);
            String name = headers.substring(at, nameEnd);
            if (names.stream().noneMatch(name::equalsIgnoreCase)) {
                names.add(name);
            }
            at = headers.indexOf('\n', nameEnd + 1) + 1;
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
