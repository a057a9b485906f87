package dev.pushwire.server.conformance;

import dev.pushwire.testkit.RawWebSocket;
import dev.pushwire.testkit.WsFrame;
import dev.pushwire.testkit.WsFrame.LengthForm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Autobahn 1.x: text and binary frames of every size class, every length encoding, any TCP segmentation. */
class FramingConformanceTest extends ConformanceSuite {

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 125, 126, 127, 128, 65535, 65536, 65537, 131072})
    void echoesTextOfEverySizeClass(int size) {
        RawWebSocket ws = connect();
        String text = "*".repeat(size);
        ws.send(WsFrame.text(text));
        assertTextEchoed(ws, text);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 125, 126, 127, 128, 65535, 65536, 65537, 131072})
    void echoesBinaryOfEverySizeClass(int size) {
        RawWebSocket ws = connect();
        byte[] data = bytes(size);
        ws.send(WsFrame.binary(data));
        assertEchoed(ws, WsFrame.BINARY, data);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LengthForm.class)
    void acceptsEveryLengthEncodingIncludingNonMinimalOnes(LengthForm form) {
        RawWebSocket ws = connect();
        for (int size : new int[] {0, 5, 125, 126, 300}) {
            byte[] data = bytes(size);
            ws.send(WsFrame.binary(data).lengthForm(form));
            assertEchoed(ws, WsFrame.BINARY, data);
        }
    }

    @Test
    void acceptsA64BitLengthForALargePayload() {
        RawWebSocket ws = connect();
        byte[] data = bytes(70_000);
        ws.send(WsFrame.binary(data).lengthForm(LengthForm.BITS_64));
        assertEchoed(ws, WsFrame.BINARY, data);
    }

    @Test
    void reassemblesAFrameTrickledOneByteAtATime() {
        RawWebSocket ws = connect();
        byte[] frame = WsFrame.text("trickled through one byte per write").encode();
        ws.trickle(frame, Duration.ZERO);
        assertTextEchoed(ws, "trickled through one byte per write");
    }

    @Test
    void echoesManyFramesWrittenAtOnceInOrder() {
        RawWebSocket ws = connect();
        List<WsFrame> frames = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            frames.add(i % 2 == 0 ? WsFrame.text("message " + i) : WsFrame.binary(bytes(i)));
        }
        ws.sendAll(frames);
        for (int i = 0; i < 200; i++) {
            if (i % 2 == 0) {
                assertTextEchoed(ws, "message " + i);
            } else {
                assertEchoed(ws, WsFrame.BINARY, bytes(i));
            }
        }
    }

    @Test
    void acceptsAnAllZeroMaskKey() {
        RawWebSocket ws = connect();
        ws.send(WsFrame.text("zero mask").maskKey(new byte[4]));
        assertTextEchoed(ws, "zero mask");
    }

    @Test
    void closesWith1002WhenAClientFrameIsNotMasked() {
        RawWebSocket ws = connect();
        ws.send(WsFrame.text("not masked").unmasked());
        assertClosedWith(ws, 1002, "mask");
    }

    @Test
    void closesWith1002WhenAClientPingIsNotMasked() {
        RawWebSocket ws = connect();
        ws.send(WsFrame.ping(utf8("x")).unmasked());
        assertClosedWith(ws, 1002, "mask");
    }
}
