package dev.pushwire.server.conformance;

import dev.pushwire.testkit.RawWebSocket;
import dev.pushwire.testkit.WsFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Autobahn 5.x: fragmented messages reassembled; fragmentation rules enforced. */
class FragmentationConformanceTest extends ConformanceSuite {

    @ParameterizedTest(name = "{0} fragments")
    @ValueSource(ints = {2, 3, 10, 1000})
    void reassemblesATextMessageFromFragments(int fragments) {
        RawWebSocket ws = connect();
        List<WsFrame> frames = new ArrayList<>();
        StringBuilder whole = new StringBuilder();
        for (int i = 0; i < fragments; i++) {
            String part = "part" + i + ";";
            whole.append(part);
            WsFrame frame = i == 0 ? WsFrame.text(part) : WsFrame.continuation(utf8(part));
            frames.add(frame.fin(i == fragments - 1));
        }
        ws.sendAll(frames);
        assertTextEchoed(ws, whole.toString());
    }

    @Test
    void reassemblesABinaryMessageSentAsSeparateWrites() {
        RawWebSocket ws = connect();
        byte[] data = bytes(3000);
        ws.send(WsFrame.binary(Arrays.copyOfRange(data, 0, 1000)).fin(false));
        ws.send(WsFrame.continuation(Arrays.copyOfRange(data, 1000, 2000)).fin(false));
        ws.send(WsFrame.continuation(Arrays.copyOfRange(data, 2000, 3000)));
        assertEchoed(ws, WsFrame.BINARY, data);
    }

    @Test
    void acceptsEmptyFragments() {
        RawWebSocket ws = connect();
        ws.sendAll(List.of(WsFrame.text(new byte[0]).fin(false), WsFrame.continuation(utf8("only")).fin(false),
                WsFrame.continuation(new byte[0]).fin(false), WsFrame.continuation(new byte[0])));
        assertTextEchoed(ws, "only");
    }

    @Test
    void closesWith1002OnAContinuationWithoutAStart() {
        RawWebSocket ws = connect();
        ws.send(WsFrame.continuation(utf8("orphan")));
        assertClosedWith(ws, 1002, "continuation");
    }

    @Test
    void closesWith1002OnAFinalContinuationWithoutAStart() {
        RawWebSocket ws = connect();
        ws.send(WsFrame.continuation(utf8("orphan")).fin(false));
        assertClosedWith(ws, 1002, "continuation");
    }

    @Test
    void closesWith1002WhenANewTextMessageStartsInsideAFragmentedOne() {
        RawWebSocket ws = connect();
        ws.send(WsFrame.text("first").fin(false));
        ws.send(WsFrame.text("second"));
        assertClosedWith(ws, 1002, "continuation");
    }

    @Test
    void closesWith1002WhenABinaryMessageStartsInsideAFragmentedText() {
        RawWebSocket ws = connect();
        ws.send(WsFrame.text("first").fin(false));
        ws.send(WsFrame.binary(bytes(4)).fin(false));
        assertClosedWith(ws, 1002, "continuation");
    }

    @Test
    void closesWith1002OnAFragmentedPing() {
        RawWebSocket ws = connect();
        ws.send(WsFrame.ping(utf8("frag")).fin(false));
        assertClosedWith(ws, 1002, "fragmented");
    }

    @Test
    void closesWith1002OnAFragmentedPong() {
        RawWebSocket ws = connect();
        ws.send(WsFrame.pong(utf8("frag")).fin(false));
        assertClosedWith(ws, 1002, "fragmented");
    }

    @Test
    void closesWith1002OnAFragmentedClose() {
        RawWebSocket ws = connect();
        ws.send(WsFrame.close(1000, "bye").fin(false));
        assertClosedWith(ws, 1002, "fragmented");
    }

    @Test
    void closesWith1002OnAFragmentedPingInsideAFragmentedMessage() {
        RawWebSocket ws = connect();
        ws.send(WsFrame.text("start").fin(false));
        ws.send(WsFrame.ping(utf8("frag")).fin(false));
        assertClosedWith(ws, 1002, "fragmented");
    }
}
