package dev.pushwire.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.server.conformance.EchoTarget.Promise;
import dev.pushwire.testkit.RawWebSocket;
import dev.pushwire.testkit.RawWebSocket.HandshakeResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 6455 section 4: the opening handshake and version negotiation. */
class HandshakeConformanceTest extends ConformanceSuite {

    @Test
    void answers101WithTheAcceptKeyDerivedFromTheClientKey() {
        RawWebSocket ws = openTcp();
        HandshakeResponse response = ws.upgrade(target.path(), Map.of());
        assertThat(response.status()).isEqualTo(101);
        assertThat(response.header("upgrade")).isEqualToIgnoringCase("websocket");
        assertThat(response.header("connection")).containsIgnoringCase("upgrade");
        assertThat(response.header("sec-websocket-accept")).isEqualTo(ws.expectedAccept());
        assertThat(response.header("sec-websocket-extensions")).as("no extension unless offered").isNull();
    }

    @Test
    void answers426WithTheSupportedVersionForVersion8() {
        assume(Promise.VERSION_426);
        RawWebSocket ws = openTcp();
        HandshakeResponse response = ws.upgrade(target.path(), Map.of("Sec-WebSocket-Version", "8"));
        assertThat(response.status()).isEqualTo(426);
        assertThat(response.header("sec-websocket-version")).isEqualTo("13");
    }

    @Test
    void answers426WithTheSupportedVersionForAnUnknownVersion() {
        assume(Promise.VERSION_426);
        RawWebSocket ws = openTcp();
        HandshakeResponse response = ws.upgrade(target.path(), Map.of("Sec-WebSocket-Version", "14"));
        assertThat(response.status()).isEqualTo(426);
        assertThat(response.header("sec-websocket-version")).isEqualTo("13");
    }

    @Test
    void refusesAnUpgradeWithoutAKey() {
        RawWebSocket ws = openTcp();
        Map<String, String> headers = new HashMap<>();
        headers.put("Sec-WebSocket-Key", null);
        HandshakeResponse response = ws.upgrade(target.path(), headers);
        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void refusesAnUpgradeWithAMalformedKey() {
        RawWebSocket ws = openTcp();
        HandshakeResponse response = ws.upgrade(target.path(), Map.of("Sec-WebSocket-Key", "not-16-bytes"));
        assertThat(response.status()).isEqualTo(400);
    }
}
