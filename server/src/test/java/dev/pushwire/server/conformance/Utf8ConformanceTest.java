package dev.pushwire.server.conformance;

import dev.pushwire.server.conformance.EchoTarget.Promise;
import dev.pushwire.testkit.RawWebSocket;
import dev.pushwire.testkit.WsFrame;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Autobahn 6.x: text must be valid UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF, nothing
 * truncated), checked across fragment boundaries, and refused with 1007 as soon as the prefix is invalid.
 */
class Utf8ConformanceTest extends ConformanceSuite {

    static Stream<Arguments> validSequences() {
        return Stream.of(
                Arguments.of("greek", "ce ba e1 bd b9 cf 83 ce bc ce b5"),
                Arguments.of("U+0000", "00"),
                Arguments.of("U+007F", "7f"),
                Arguments.of("U+0080", "c2 80"),
                Arguments.of("U+07FF", "df bf"),
                Arguments.of("U+0800", "e0 a0 80"),
                Arguments.of("U+D7FF last before surrogates", "ed 9f bf"),
                Arguments.of("U+E000 first after surrogates", "ee 80 80"),
                Arguments.of("U+FFFD", "ef bf bd"),
                Arguments.of("U+FFFF", "ef bf bf"),
                Arguments.of("U+10000", "f0 90 80 80"),
                Arguments.of("U+10FFFF", "f4 8f bf bf"),
                Arguments.of("emoji", "f0 9f 98 80"));
    }

    static Stream<Arguments> invalidSequences() {
        return Stream.of(
                Arguments.of("lone continuation byte", "80"),
                Arguments.of("lone continuation 0xBF", "bf"),
                Arguments.of("overlong NUL (2 bytes)", "c0 80"),
                Arguments.of("overlong 0x7F (2 bytes)", "c1 bf"),
                Arguments.of("overlong 3 bytes", "e0 80 80"),
                Arguments.of("overlong U+07FF (3 bytes)", "e0 9f bf"),
                Arguments.of("overlong 4 bytes", "f0 80 80 80"),
                Arguments.of("overlong U+FFFF (4 bytes)", "f0 8f bf bf"),
                Arguments.of("surrogate U+D800", "ed a0 80"),
                Arguments.of("surrogate U+DFFF", "ed bf bf"),
                Arguments.of("surrogate pair", "ed a0 80 ed b0 80"),
                Arguments.of("above U+10FFFF", "f4 90 80 80"),
                Arguments.of("F5 lead byte", "f5 80 80 80"),
                Arguments.of("5-byte sequence", "f8 88 80 80 80"),
                Arguments.of("6-byte sequence", "fc 84 80 80 80 80"),
                Arguments.of("0xFE", "fe"),
                Arguments.of("0xFF", "ff"),
                Arguments.of("truncated 2-byte", "c2"),
                Arguments.of("truncated 3-byte", "e0 a0"),
                Arguments.of("truncated 4-byte", "f0 90 80"),
                Arguments.of("lead byte then ASCII", "c2 41"),
                Arguments.of("valid text around a surrogate", "ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validSequences")
    void echoesValidUtf8(String name, String hex) {
        RawWebSocket ws = connect();
        byte[] text = hex(hex);
        ws.send(WsFrame.text(text));
        assertEchoed(ws, WsFrame.TEXT, text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSequences")
    void closesWith1007OnInvalidUtf8(String name, String hex) {
        RawWebSocket ws = connect();
        ws.send(WsFrame.text(hex(hex)));
        assertClosedWith(ws, 1007, "utf-8");
    }

    @Test
    void echoesValidUtf8SplitIntoTwoFragmentsAtEveryByte() {
        byte[] text = utf8("a κόσμε ࠀ \uD83D\uDE00 z \uDBFF\uDFFF");
        RawWebSocket ws = connect();
        for (int split = 0; split <= text.length; split++) {
            ws.sendAll(List.of(WsFrame.text(Arrays.copyOfRange(text, 0, split)).fin(false),
                    WsFrame.continuation(Arrays.copyOfRange(text, split, text.length))));
            assertEchoed(ws, WsFrame.TEXT, text);
        }
    }

    @Test
    void echoesValidUtf8SentOneByteFragmentAtATime() {
        byte[] text = utf8("κόσμε ࠀ \uD83D\uDE00");
        RawWebSocket ws = connect();
        List<WsFrame> frames = new ArrayList<>();
        for (int i = 0; i < text.length; i++) {
            byte[] one = {text[i]};
            WsFrame frame = i == 0 ? WsFrame.text(one) : WsFrame.continuation(one);
            frames.add(frame.fin(i == text.length - 1));
        }
        ws.sendAll(frames);
        assertEchoed(ws, WsFrame.TEXT, text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSequences")
    void closesWith1007OnInvalidUtf8SplitAcrossFragmentsAtEveryByte(String name, String hex) {
        byte[] text = concat(utf8("ok "), hex(hex), utf8(" end"));
        for (int split = 1; split < text.length; split++) {
            RawWebSocket ws = connect();
            ws.sendAll(List.of(WsFrame.text(Arrays.copyOfRange(text, 0, split)).fin(false),
                    WsFrame.continuation(Arrays.copyOfRange(text, split, text.length))));
            assertClosedWith(ws, 1007, "utf-8");
            ws.close();
        }
    }

    @Test
    void closesWith1007BeforeTheMessageEndsWhenTheFirstFragmentIsAlreadyInvalid() {
        assume(Promise.UTF8_FAIL_FAST);
        RawWebSocket ws = connect();
        ws.send(WsFrame.text(concat(utf8("hello "), hex("ed a0 80"))).fin(false));
        // no further fragment: the server must not wait for the end of the message
        assertClosedWith(ws, 1007, "utf-8");
    }

    @Test
    void closesWith1007BeforeTheMessageEndsWhenALaterFragmentIsInvalid() {
        assume(Promise.UTF8_FAIL_FAST);
        RawWebSocket ws = connect();
        ws.send(WsFrame.text("hello ").fin(false));
        ws.send(WsFrame.continuation(hex("f4 90 80 80")).fin(false));
        assertClosedWith(ws, 1007, "utf-8");
    }

    @Test
    void closesWith1007WhenTheMessageEndsInsideASequenceSplitOverFragments() {
        RawWebSocket ws = connect();
        ws.sendAll(List.of(WsFrame.text(utf8("fine")).fin(false), WsFrame.continuation(hex("f0 9f")).fin(false),
                WsFrame.continuation(hex("98"))));
        assertClosedWith(ws, 1007, "utf-8");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(part, 0, part.length);
        }
        return out.toByteArray();
    }
}
