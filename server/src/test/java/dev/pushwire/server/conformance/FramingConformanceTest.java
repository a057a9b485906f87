package dev.pushwire.server.conformance;

import dev.pushwire.server.conformance.EchoTarget.Promise;
import dev.pushwire.testkit.RawWebSocket;
import dev.pushwire.testkit.WsFrame;
import dev.pushwire.testkit.WsFrame.LengthForm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    @Test
    void acceptsEachLengthInItsMinimalForm() {
        RawWebSocket ws = connect();
        for (int size : new int[] {125, 126, 65535, 65536}) { // the edges of the 7, 16 and 64-bit forms
            byte[] data = bytes(size);
            ws.send(WsFrame.binary(data).lengthForm(LengthForm.MINIMAL));
            assertEchoed(ws, WsFrame.BINARY, data);
        }
    }

    @ParameterizedTest(name = "{0} bytes as {1}")
    @CsvSource({"5, BITS_16", "125, BITS_16", "5, BITS_64", "126, BITS_64", "65535, BITS_64"})
    void treatsANonMinimalLengthEncodingAsAProtocolError(int size, LengthForm form) {
        RawWebSocket ws = connect();
        byte[] data = bytes(size);
        ws.send(WsFrame.binary(data).lengthForm(form));
        if (target.promises(Promise.MINIMAL_LENGTH_REQUIRED)) {
            assertClosedWith(ws, 1002, "minimal length");
        } else {
            assertEchoed(ws, WsFrame.BINARY, data);
        }
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
