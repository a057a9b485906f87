package dev.pushwire.core;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The HTTP request that opened a connection (the WebSocket upgrade, or the session-opening request). Immutable. */
public interface HandshakeRequest {
    /** The request target as sent, e.g. {@code /echo?room=1}. */
    URI uri();

    /** The path without the query, e.g. {@code /echo}. */
    default String path() {
        return uri().getRawPath();
    }

    /** The first value of a query parameter, decoded. */
    Optional<String> queryParam(String name);

    /** All query parameters, decoded, in order. */
    Map<String, List<String>> queryParams();

    /** The first value of a header (case-insensitive name). */
    Optional<String> header(String name);

    /** All values of a header (case-insensitive name); empty when absent. */
    List<String> headers(String name);

    /** Every header name, as sent. */
    List<String> headerNames();

    /** Cookies from the {@code Cookie} headers, by name. */
    Map<String, String> cookies();

    /** The peer's address (the TCP peer: behind a proxy, the proxy). */
    InetSocketAddress remoteAddress();
}
