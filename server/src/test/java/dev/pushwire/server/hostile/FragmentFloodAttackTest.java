package dev.pushwire.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.testkit.RawWebSocket;
import dev.pushwire.testkit.WsFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** 10,000 one-byte fragments: reassembled within the message limit, refused with 1009 past it. */
class FragmentFloodAttackTest extends HostileSuite {
    private static final int FRAGMENTS = 10_000;
    /** Below FRAGMENTS, so that the flood passes the limit halfway. */
    private static final int MESSAGE_LIMIT = 6_000;

    @Override
    ConnectionLimits limits() {
        return super.limits().toBuilder().maxMessageBytes(MESSAGE_LIMIT).maxFrameBytes(MESSAGE_LIMIT).build();
    }

    @Test
    void reassemblesTenThousandOneByteFragmentsWithinTheLimitWhileServingOthers() {
        RawWebSocket ws = attacker();
        byte[] message = new byte[MESSAGE_LIMIT];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) ('a' + i % 26);
        }
        // MESSAGE_LIMIT one-byte data fragments, plus empty ones to reach 10,000 frames in all
        List<WsFrame> frames = new ArrayList<>();
        frames.add(WsFrame.text(new byte[] {message[0]}).fin(false));
        for (int i = 1; i < FRAGMENTS; i++) {
            byte[] payload = i < message.length ? new byte[] {message[i]} : new byte[0];
            frames.add(WsFrame.continuation(payload).fin(i == FRAGMENTS - 1));
        }
        ws.sendAll(frames);
        WsFrame echo = ws.readMessage(TIMEOUT);
        assertThat(echo.payload()).isEqualTo(message);
        assertOthersUnharmed();
    }

    @Test
    void closesWith1009WhenTenThousandOneByteFragmentsPassTheLimit() {
        RawWebSocket ws = attacker();
        List<WsFrame> frames = new ArrayList<>();
        frames.add(WsFrame.binary(new byte[] {1}).fin(false));
        for (int i = 1; i < FRAGMENTS; i++) {
            frames.add(WsFrame.continuation(new byte[] {(byte) i}).fin(i == FRAGMENTS - 1));
        }
        try {
            ws.sendAll(frames);
        } catch (RuntimeException closedMidway) {
            // the server may close before it read everything
        }
        WsFrame close = ws.expectClose(TIMEOUT);
        assertThat(close.closeCode()).isEqualTo(1009);
        assertThat(close.closeReason()).isNotBlank();
        awaitServerClose(1009);
        awaitOnlyBystanderLeft();
        assertOthersUnharmed();
    }
}
