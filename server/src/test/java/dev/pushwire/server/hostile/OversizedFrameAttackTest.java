package dev.pushwire.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.testkit.RawWebSocket;
import dev.pushwire.testkit.WsFrame;
import org.junit.jupiter.api.Test;

/** Frames that lie about their size or break the masking rule: refused at once, nothing buffered. */
class OversizedFrameAttackTest extends HostileSuite {

    @Test
    void closesA2To63Minus1ByteFrameHeaderWith1009WithoutBufferingAndKeepsServingOthers() {
        RawWebSocket ws = attacker();
        ws.send(WsFrame.binary(new byte[0]).declaredLength(Long.MAX_VALUE));
        WsFrame close = ws.expectClose(TIMEOUT);
        assertThat(close.closeCode()).isEqualTo(1009);
        assertThat(close.closeReason()).isNotBlank();
        assertThat(ws.awaitEndOfStream(TIMEOUT)).isTrue();
        awaitServerClose(1009);
        awaitOnlyBystanderLeft();
        assertOthersUnharmed();
    }

    @Test
    void closesManyHugeFrameHeadersAtOnceWithoutBuffering() {
        for (int i = 0; i < 50; i++) {
            attacker().send(WsFrame.text(bytesOf(100)).declaredLength(Long.MAX_VALUE - i));
        }
        awaitOnlyBystanderLeft();
        assertThat(closes).hasSize(50).allMatch(e -> e.code() == 1009);
        assertOthersUnharmed();
    }

    @Test
    void closesAnUnmaskedClientFrameWith1002AndKeepsServingOthers() {
        RawWebSocket ws = attacker();
        ws.send(WsFrame.binary(bytesOf(64 * 1024)).unmasked());
        WsFrame close = ws.expectClose(TIMEOUT);
        assertThat(close.closeCode()).isEqualTo(1002);
        assertThat(close.closeReason()).containsIgnoringCase("mask");
        assertThat(ws.awaitEndOfStream(TIMEOUT)).isTrue();
        awaitServerClose(1002);
        awaitOnlyBystanderLeft();
        assertOthersUnharmed();
    }

    private static byte[] bytesOf(int n) {
        return new byte[n];
    }
}
