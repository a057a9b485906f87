package dev.pushwire.server.conformance;

import dev.pushwire.testkit.RawWebSocket;
import dev.pushwire.testkit.WsFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Autobahn 3.x and 4.x: RSV bits without a negotiated extension, and reserved opcodes, are protocol errors. */
class ReservedBitsAndOpcodesConformanceTest extends ConformanceSuite {

    @ParameterizedTest(name = "rsv={0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void closesWith1002WhenATextFrameHasReservedBits(int rsv) {
        RawWebSocket ws = connect();
        ws.send(WsFrame.text("reserved bits").rsv(rsv));
        assertClosedWith(ws, 1002, "rsv");
    }

    @ParameterizedTest(name = "rsv={0}")
    @ValueSource(ints = {1, 2, 4})
    void closesWith1002WhenAPingHasReservedBits(int rsv) {
        RawWebSocket ws = connect();
        ws.send(WsFrame.ping(utf8("x")).rsv(rsv));
        assertClosedWith(ws, 1002, "rsv");
    }

    @Test
    void closesWith1002WhenABinaryFrameHasRsv2AfterAGoodMessage() {
        RawWebSocket ws = connect();
        ws.send(WsFrame.text("good"));
        assertTextEchoed(ws, "good");
        ws.send(WsFrame.binary(bytes(10)).rsv(WsFrame.RSV2));
        assertClosedWith(ws, 1002, "rsv");
    }

    @ParameterizedTest(name = "opcode 0x{0}")
    @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void closesWith1002OnAReservedOpcode(int opcode) {
        RawWebSocket ws = connect();
        ws.send(WsFrame.of(opcode, utf8("reserved")));
        assertClosedWith(ws, 1002, "opcode");
    }

    @ParameterizedTest(name = "opcode 0x{0}")
    @ValueSource(ints = {3, 0xB})
    void closesWith1002OnAReservedOpcodeAfterAGoodMessage(int opcode) {
        RawWebSocket ws = connect();
        ws.send(WsFrame.text("good"));
        assertTextEchoed(ws, "good");
        ws.send(WsFrame.of(opcode, new byte[0]));
        assertClosedWith(ws, 1002, "opcode");
    }
}
