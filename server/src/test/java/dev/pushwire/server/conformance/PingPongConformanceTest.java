package dev.pushwire.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.testkit.RawWebSocket;
import dev.pushwire.testkit.WsFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Autobahn 2.x: pings answered with the same payload, limits on control frames, unsolicited pongs. */
class PingPongConformanceTest extends ConformanceSuite {

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 10, 125})
    void answersAPingWithAPongCarryingTheSamePayload(int size) {
        RawWebSocket ws = connect();
        byte[] payload = bytes(size);
        ws.send(WsFrame.ping(payload));
        WsFrame pong = ws.readFrame(TIMEOUT);
        assertThat(pong.opcode()).as("answer to a ping").isEqualTo(WsFrame.PONG);
        assertThat(pong.fin()).isTrue();
        assertThat(pong.payload()).isEqualTo(payload);
    }

    @Test
    void answersABinaryPayloadPingExactly() {
        RawWebSocket ws = connect();
        byte[] payload = hex("00 ff fe 80 c0 7f 01");
        ws.send(WsFrame.ping(payload));
        assertThat(ws.readFrame(TIMEOUT).payload()).isEqualTo(payload);
    }

    @Test
    void closesWith1002WhenAPingCarriesMoreThan125Bytes() {
        RawWebSocket ws = connect();
        ws.send(WsFrame.ping(bytes(126)));
        assertClosedWith(ws, 1002, "control frame");
    }

    @Test
    void closesWith1002WhenAPongCarriesMoreThan125Bytes() {
        RawWebSocket ws = connect();
        ws.send(WsFrame.pong(bytes(126)));
        assertClosedWith(ws, 1002, "control frame");
    }

    @Test
    void ignoresAnUnsolicitedPong() {
        RawWebSocket ws = connect();
        ws.send(WsFrame.pong(utf8("unsolicited")));
        ws.send(WsFrame.text("still here"));
        WsFrame next = ws.readFrame(TIMEOUT);
        assertThat(next.opcode()).as("nothing answers a pong").isEqualTo(WsFrame.TEXT);
        assertThat(next.text()).isEqualTo("still here");
    }

    @Test
    void answersAPingBetweenFragmentsAndStillReassemblesTheMessage() {
        RawWebSocket ws = connect();
        ws.send(WsFrame.text("frag").fin(false));
        ws.send(WsFrame.ping(utf8("in between")));
        WsFrame pong = ws.readFrame(TIMEOUT);
        assertThat(pong.opcode()).isEqualTo(WsFrame.PONG);
        assertThat(pong.text()).isEqualTo("in between");
        ws.send(WsFrame.continuation(utf8("mented")));
        assertTextEchoed(ws, "fragmented");
    }

    @Test
    void answersManyPingsInOrder() {
        RawWebSocket ws = connect();
        List<WsFrame> pings = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pings.add(WsFrame.ping(utf8("ping " + i)));
        }
        ws.sendAll(pings);
        for (int i = 0; i < 50; i++) {
            WsFrame pong = ws.readFrame(TIMEOUT);
            assertThat(pong.opcode()).isEqualTo(WsFrame.PONG);
            assertThat(pong.text()).isEqualTo("ping " + i);
        }
    }

    @Test
    void answersAPingWrittenOneByteAtATime() {
        RawWebSocket ws = connect();
        ws.trickle(WsFrame.ping(utf8("slow")).encode(), java.time.Duration.ZERO);
        WsFrame pong = ws.readFrame(TIMEOUT);
        assertThat(pong.opcode()).isEqualTo(WsFrame.PONG);
        assertThat(pong.text()).isEqualTo("slow");
    }
}
