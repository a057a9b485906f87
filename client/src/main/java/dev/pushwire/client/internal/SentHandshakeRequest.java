package dev.pushwire.client.internal;

import dev.pushwire.core.HandshakeRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * On the client side, {@link HandshakeRequest} is the upgrade request this client sent: its URI, the headers it set
 * (custom ones included), the cookies of its {@code Cookie} header; {@link #remoteAddress()} is the server's.
 * Immutable.
 */
public final class SentHandshakeRequest implements HandshakeRequest {
    private final URI uri;
    private final HttpHeaders headers;
    private final InetSocketAddress remoteAddress;
    private final Map<String, List<String>> queryParams;

    public SentHandshakeRequest(URI uri, HttpHeaders headers, InetSocketAddress remoteAddress) {
        this.uri = uri;
        this.headers = headers.copy();
        this.remoteAddress = remoteAddress;
        Map<String, List<String>> q = new LinkedHashMap<>();
        new QueryStringDecoder(uri).parameters().forEach((k, v) -> q.put(k, List.copyOf(v)));
        this.queryParams = Map.copyOf(q);
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public Optional<String> queryParam(String name) {
        List<String> values = queryParams.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    @Override
    public Map<String, List<String>> queryParams() {
        return queryParams;
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    @Override
    public List<String> headers(String name) {
        return List.copyOf(headers.getAll(name));
    }

    @Override
    public List<String> headerNames() {
        return new ArrayList<>(new LinkedHashSet<>(headers.names()));
    }

    @Override
    public Map<String, String> cookies() {
        Map<String, String> cookies = new LinkedHashMap<>();
        for (String header : headers.getAll("Cookie")) {
            for (Cookie c : ServerCookieDecoder.LAX.decode(header)) {
                cookies.putIfAbsent(c.name(), c.value());
            }
        }
        return cookies;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public String toString() {
        return "SentHandshakeRequest[" + uri + "]";
    }
}
