package dev.pushwire.core.internal.session;

import dev.pushwire.core.HandshakeRequest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A fixed request for session tests. */
final class TestRequest implements HandshakeRequest {
    @Override
    public URI uri() {
        return URI.create("/echo?transport=longpolling");
    }

    @Override
    public Optional<String> queryParam(String name) {
        return Optional.empty();
    }

    @Override
    public Map<String, List<String>> queryParams() {
        return Map.of();
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.empty();
    }

    @Override
    public List<String> headers(String name) {
        return List.of();
    }

    @Override
    public List<String> headerNames() {
        return List.of();
    }

    @Override
    public Map<String, String> cookies() {
        return Map.of();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 40000);
    }
}
