package dev.pushwire.server.internal;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;

/**
 * What RFC 6455 4.1 and 4.2.1 require of an opening handshake beyond what Netty's handshaker checks: HTTP/1.1 or
 * later, exactly one {@code Host}, exactly one {@code Sec-WebSocket-Key} (two keys would leave the accept value
 * ambiguous). A request that fails is answered 400 {@code bad_handshake}. Stateless.
 */
final class StrictHandshake {
    private StrictHandshake() {
    }

    /** What is wrong with the upgrade request, said for the client's author, or null if nothing. */
    static String problem(FullHttpRequest req) {
        HttpVersion version = req.protocolVersion();
        if (version.majorVersion() < 1 || (version.majorVersion() == 1 && version.minorVersion() < 1)) {
            return "a WebSocket upgrade needs HTTP/1.1 or later (RFC 6455 4.1); this request is " + version.text();
        }
        List<String> hosts = req.headers().getAll(HttpHeaderNames.HOST);
        if (hosts.size() != 1 || hosts.get(0).isBlank()) {
            return hosts.isEmpty() || hosts.get(0).isBlank()
                    ? "the Host header is missing; a WebSocket upgrade must send it (RFC 6455 4.1)"
                    : "the Host header appears " + hosts.size() + " times; send it once";
        }
        int keys = req.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_KEY).size();
        if (keys > 1) {
            return "Sec-WebSocket-Key appears " + keys + " times; send one key (RFC 6455 4.2.1)";
        }
        return null;
    }
}
