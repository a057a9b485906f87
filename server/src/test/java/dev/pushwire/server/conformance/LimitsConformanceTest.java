package dev.pushwire.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.server.conformance.EchoTarget.Promise;
import dev.pushwire.testkit.RawWebSocket;
import dev.pushwire.testkit.WsFrame;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Autobahn 9.x territory plus our limits: a message up to the limit is echoed, one byte more is refused with 1009
 * as soon as a header announces it (the server never buffers an over-limit message).
 */
class LimitsConformanceTest extends ConformanceSuite {

    @Test
    void echoesAMessageOfExactlyTheMessageLimitInFragments() {
        RawWebSocket ws = connect();
        byte[] data = bytes(EchoTarget.MAX_MESSAGE_BYTES);
        int chunk = EchoTarget.MAX_FRAME_BYTES;
        for (int offset = 0; offset < data.length; offset += chunk) {
            byte[] part = Arrays.copyOfRange(data, offset, offset + chunk);
            WsFrame frame = offset == 0 ? WsFrame.binary(part) : WsFrame.continuation(part);
            ws.send(frame.fin(offset + chunk >= data.length));
        }
        assertEchoed(ws, WsFrame.BINARY, data);
    }

    @Test
    void closesWith1009WhenOneFrameCarriesMoreThanTheMessageLimit() {
        RawWebSocket ws = connect();
        byte[] frame = WsFrame.binary(bytes(EchoTarget.MAX_MESSAGE_BYTES + 1)).encode();
        ws.writeRaw(Arrays.copyOf(frame, 2 + 8 + 4)); // only the header: the limit must be checked on it
        assertClosedWith(ws, 1009, "larger than|exceeded");
    }

    @Test
    void closesWith1009WhenFragmentsAddUpToMoreThanTheMessageLimit() {
        RawWebSocket ws = connect();
        int chunk = EchoTarget.MAX_MESSAGE_BYTES / 8;
        ws.send(WsFrame.binary(bytes(chunk)).fin(false));
        for (int i = 1; i < 8; i++) {
            ws.send(WsFrame.continuation(bytes(chunk)).fin(false));
        }
        ws.send(WsFrame.continuation(bytes(1)).fin(false)); // passes the limit; the message is not over yet
        assertClosedWith(ws, 1009, "larger than|exceeded");
    }

    @Test
    void closesWith1009WhenAFrameIsOverTheFrameLimit() {
        assume(Promise.FRAME_LIMIT);
        assertThat(EchoTarget.MAX_FRAME_BYTES).isLessThan(EchoTarget.MAX_MESSAGE_BYTES);
        RawWebSocket ws = connect();
        byte[] frame = WsFrame.binary(bytes(EchoTarget.MAX_FRAME_BYTES + 1)).encode();
        ws.writeRaw(Arrays.copyOf(frame, 2 + 8 + 4));
        assertClosedWith(ws, 1009, "frame length");
    }

    @Test
    void closesWith1009OnALengthOf2To63Minus1() {
        RawWebSocket ws = connect();
        ws.send(WsFrame.binary(new byte[0]).declaredLength(Long.MAX_VALUE));
        assertClosedWith(ws, 1009, "larger than|exceeded");
    }

    @Test
    void closesWith1002OnALengthWithTheMostSignificantBitSet() {
        RawWebSocket ws = connect();
        // RFC 6455 5.2: "the most significant bit MUST be 0"; -1 as unsigned is 2^64-1
        ws.send(WsFrame.binary(new byte[0]).declaredLength(-1).lengthForm(WsFrame.LengthForm.BITS_64));
        WsFrame close = ws.expectClose(TIMEOUT);
        assertThat(close.closeCode()).as("%s", close).isIn(1002, 1009);
    }
}
