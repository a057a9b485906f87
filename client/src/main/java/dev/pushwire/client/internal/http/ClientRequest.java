package dev.pushwire.client.internal.http;

import dev.pushwire.core.HandshakeRequest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The request an HTTP session client opened with: its URI and custom headers. Immutable. */
final class ClientRequest implements HandshakeRequest {
    private final URI uri;
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final InetSocketAddress remote;

    ClientRequest(URI uri, Map<String, List<String>> headers) {
        this.uri = uri;
        this.headers.putAll(headers);
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
        }
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        this.remote = InetSocketAddress.createUnresolved(uri.getHost(), port);
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
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    @Override
    public List<String> headers(String name) {
        return headers.getOrDefault(name, List.of());
    }

    @Override
    public List<String> headerNames() {
        return new ArrayList<>(headers.keySet());
    }

    @Override
    public Map<String, String> cookies() {
        return Map.of();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }
}
