package dev.pushwire.server.internal.http;

import dev.pushwire.core.HandshakeRequest;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable copy of the request that opened a session (the request's buffers are released after it). */
final class RequestView implements HandshakeRequest {
    private final URI uri;
    private final Map<String, List<String>> query;
    private final HttpHeaders headers;
    private final InetSocketAddress remote;

    RequestView(HttpRequest request, InetSocketAddress remote) {
        this.uri = URI.create(request.uri());
        this.query = Collections.unmodifiableMap(new LinkedHashMap<>(new QueryStringDecoder(request.uri()).parameters()));
        this.headers = request.headers().copy();
        this.remote = remote;
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public Optional<String> queryParam(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    @Override
    public Map<String, List<String>> queryParams() {
        return query;
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    @Override
    public List<String> headers(String name) {
        return headers.getAll(name);
    }

    @Override
    public List<String> headerNames() {
        return new ArrayList<>(new LinkedHashSet<>(headers.names()));
    }

    @Override
    public Map<String, String> cookies() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String h : headers.getAll("Cookie")) {
            for (Cookie c : ServerCookieDecoder.LAX.decode(h)) {
                out.putIfAbsent(c.name(), c.value());
            }
        }
        return out;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }
}
