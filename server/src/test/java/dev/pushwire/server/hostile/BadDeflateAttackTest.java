package dev.pushwire.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.testkit.RawWebSocket;
import dev.pushwire.testkit.WsDeflate;
import dev.pushwire.testkit.WsFrame;
import dev.pushwire.websocket.DeflateOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Compressed frames that do not inflate, or inflate to too much: refused, and the connection fully released. */
class BadDeflateAttackTest extends HostileSuite {

    @Override
    DeflateOptions deflate() {
        return DeflateOptions.builder().build();
    }

    private RawWebSocket deflateAttacker() {
        RawWebSocket ws = attackerTcp();
        ws.upgrade("/echo", Map.of("Sec-WebSocket-Extensions", "permessage-deflate"));
        assertThat(ws.handshake().header("sec-websocket-extensions")).startsWith("permessage-deflate");
        return ws;
    }

    @Test
    void closesWith1007OnDataThatDoesNotInflateAndReleasesTheConnection() {
        RawWebSocket ws = deflateAttacker();
        ws.send(WsFrame.binary(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 1, 2, 3})
                .rsv(WsFrame.RSV1));
        WsFrame close = ws.expectClose(TIMEOUT);
        assertThat(close.closeCode()).isEqualTo(1007);
        assertThat(close.closeReason()).containsIgnoringCase("inflate");
        assertThat(ws.awaitEndOfStream(TIMEOUT)).isTrue();
        awaitServerClose(1007);
        awaitOnlyBystanderLeft();
        assertOthersUnharmed();
    }

    @Test
    void closesADeflateBombWith1009AndReleasesTheConnection() {
        RawWebSocket ws = deflateAttacker();
        try (WsDeflate deflate = new WsDeflate(false)) {
            ws.send(WsFrame.binary(deflate.compress(new byte[64 * 1024 * 1024])).rsv(WsFrame.RSV1));
        }
        WsFrame close = ws.expectClose(TIMEOUT);
        assertThat(close.closeCode()).isEqualTo(1009);
        assertThat(ws.awaitEndOfStream(TIMEOUT)).isTrue();
        awaitServerClose(1009);
        awaitOnlyBystanderLeft();
        assertOthersUnharmed();
    }
}
