package dev.pushwire.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.server.conformance.EchoTarget.Promise;
import dev.pushwire.testkit.RawWebSocket;
import dev.pushwire.testkit.RawWebSocket.HandshakeResponse;
import dev.pushwire.testkit.WsDeflate;
import dev.pushwire.testkit.WsFrame;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Autobahn 12.x/13.x: permessage-deflate (RFC 7692) negotiation and compressed messages in both directions. */
class DeflateConformanceTest extends ConformanceSuite {
    private static final String OFFER = "permessage-deflate; client_max_window_bits";

    @Override
    boolean deflate() {
        return true;
    }

    private RawWebSocket connectDeflate(String offer) {
        return connect(Map.of("Sec-WebSocket-Extensions", offer));
    }

    private static String extensions(RawWebSocket ws) {
        String header = ws.handshake().header("sec-websocket-extensions");
        return header == null ? "" : header.toLowerCase(Locale.ROOT);
    }

    @Test
    void acceptsTheOfferAndAnswersWithPermessageDeflate() {
        RawWebSocket ws = connectDeflate(OFFER);
        assertThat(extensions(ws)).startsWith("permessage-deflate");
    }

    @Test
    void acceptsAnOfferWithContextTakeoverAndWindowParameters() {
        RawWebSocket ws = connectDeflate("permessage-deflate; client_no_context_takeover; "
                + "server_no_context_takeover; server_max_window_bits=15; client_max_window_bits=15");
        String answer = extensions(ws);
        assertThat(answer).startsWith("permessage-deflate").contains("server_no_context_takeover");
    }

    @Test
    void neverAcceptsAnOfferWithAnUnknownParameter() {
        RawWebSocket ws = openTcp();
        HandshakeResponse response = ws.upgrade(target.path(),
                Map.of("Sec-WebSocket-Extensions", "permessage-deflate; no_such_parameter, permessage-deflate"));
        // RFC 7692 5: that offer must be declined; the next one may be accepted (101) or the upgrade refused (400)
        if (response.status() == 101) {
            assertThat(response.header("sec-websocket-extensions")).doesNotContain("no_such_parameter");
        } else {
            assertThat(response.status()).isEqualTo(400);
        }
    }

    @Test
    void upgradesWithoutDeflateWhenNotOffered() {
        RawWebSocket ws = connect();
        assertThat(extensions(ws)).isEmpty();
        ws.send(WsFrame.text("plain"));
        WsFrame echo = ws.readMessage(TIMEOUT);
        assertThat(echo.rsv()).isZero();
        assertThat(echo.text()).isEqualTo("plain");
    }

    @Test
    void echoesCompressedMessagesCompressedInBothDirections() {
        RawWebSocket ws = connectDeflate(OFFER);
        boolean serverResets = extensions(ws).contains("server_no_context_takeover");
        try (WsDeflate deflate = new WsDeflate(false)) {
            for (int i = 0; i < 5; i++) {
                String text = ("compress me please, message " + i + " ").repeat(50);
                ws.send(WsFrame.text(deflate.compress(utf8(text))).rsv(WsFrame.RSV1));
                WsFrame echo = ws.readMessage(TIMEOUT);
                assertThat(echo.opcode()).isEqualTo(WsFrame.TEXT);
                assertThat(echo.rsv()).as("server compresses its echo").isEqualTo(WsFrame.RSV1);
                assertThat(echo.payload().length).as("compressed size").isLessThan(text.length() / 4);
                assertThat(new String(deflate.decompress(echo.payload(), serverResets), StandardCharsets.UTF_8))
                        .isEqualTo(text);
            }
        }
    }

    @Test
    void acceptsACompressedMessageSplitOverFragments() {
        RawWebSocket ws = connectDeflate(OFFER);
        try (WsDeflate deflate = new WsDeflate(false)) {
            byte[] binary = bytes(20_000);
            byte[] compressed = deflate.compress(binary);
            int half = compressed.length / 2;
            ws.send(WsFrame.binary(Arrays.copyOfRange(compressed, 0, half)).rsv(WsFrame.RSV1).fin(false));
            ws.send(WsFrame.continuation(Arrays.copyOfRange(compressed, half, compressed.length)));
            WsFrame echo = ws.readMessage(TIMEOUT);
            byte[] received = echo.rsv() == WsFrame.RSV1 ? deflate.decompress(echo.payload(), false) : echo.payload();
            assertThat(received).isEqualTo(binary);
        }
    }

    @Test
    void acceptsUncompressedMessagesOnADeflateConnection() {
        RawWebSocket ws = connectDeflate(OFFER);
        ws.send(WsFrame.text("not compressed"));
        WsFrame echo = ws.readMessage(TIMEOUT);
        String text = echo.rsv() == WsFrame.RSV1
                ? new String(new WsDeflate(false).decompress(echo.payload(), true), StandardCharsets.UTF_8)
                : echo.text();
        assertThat(text).isEqualTo("not compressed");
    }

    @Test
    void closesWith1002WhenAContinuationFrameHasRsv1() {
        RawWebSocket ws = connectDeflate(OFFER);
        try (WsDeflate deflate = new WsDeflate(false)) {
            byte[] compressed = deflate.compress(utf8("hello hello hello"));
            ws.send(WsFrame.text(Arrays.copyOf(compressed, 3)).rsv(WsFrame.RSV1).fin(false));
            ws.send(WsFrame.continuation(Arrays.copyOfRange(compressed, 3, compressed.length)).rsv(WsFrame.RSV1));
            assertClosedWith(ws, 1002, "rsv");
        }
    }

    @Test
    void closesWith1002WhenAControlFrameHasRsv1() {
        RawWebSocket ws = connectDeflate(OFFER);
        ws.send(WsFrame.ping(utf8("x")).rsv(WsFrame.RSV1));
        assertClosedWith(ws, 1002, "rsv");
    }

    @Test
    void closesWhenCompressedDataIsNotDeflate() {
        RawWebSocket ws = connectDeflate(OFFER);
        ws.send(WsFrame.binary(hex("ff ff ff ff 00 01 02 03")).rsv(WsFrame.RSV1));
        WsFrame close = ws.expectClose(TIMEOUT);
        // documented: invalid compressed data is invalid payload data (1007), like ws
        assertThat(close.closeCode()).as("%s", close).isEqualTo(1007);
        assertThat(ws.awaitEndOfStream(TIMEOUT)).isTrue();
    }

    @Test
    void closesWith1007WhenCompressedTextIsNotUtf8() {
        RawWebSocket ws = connectDeflate(OFFER);
        try (WsDeflate deflate = new WsDeflate(false)) {
            ws.send(WsFrame.text(deflate.compress(hex("48 65 ed a0 80"))).rsv(WsFrame.RSV1));
            assertClosedWith(ws, 1007, "utf-8");
        }
    }

    @Test
    void closesWith1009WhenAMessageInflatesPastTheMessageLimit() {
        RawWebSocket ws = connectDeflate(OFFER);
        try (WsDeflate deflate = new WsDeflate(false)) {
            byte[] bomb = new byte[EchoTarget.MAX_MESSAGE_BYTES * 4]; // zeros: inflates ~1000x
            byte[] compressed = deflate.compress(bomb);
            assertThat(compressed.length).isLessThan(EchoTarget.MAX_FRAME_BYTES);
            ws.send(WsFrame.binary(compressed).rsv(WsFrame.RSV1));
            assertClosedWith(ws, 1009, "larger than|exceeded");
        }
    }

    @Test
    void refusesToNegotiateWhenClientWindowBitsAreInvalid() {
        RawWebSocket ws = openTcp();
        HandshakeResponse response = ws.upgrade(target.path(),
                Map.of("Sec-WebSocket-Extensions", "permessage-deflate; server_max_window_bits=7"));
        // RFC 7692 7.1.2.1: 8..15 only; the offer must be declined (101 without the extension) or refused (400)
        if (response.status() == 101) {
            assertThat(response.header("sec-websocket-extensions")).isNull();
        } else {
            assertThat(response.status()).isEqualTo(400);
        }
    }

    // ---- issue 12: legal inputs Netty's decoder failed, strict offers ----

    @Test
    void acceptsACompressedMessageWhoseFirstFragmentInflatesToNothing() {
        RawWebSocket ws = connectDeflate(OFFER);
        try (WsDeflate deflate = new WsDeflate(false)) {
            String text = "a first fragment of one byte inflates to nothing on its own ".repeat(20);
            byte[] compressed = deflate.compress(utf8(text));
            ws.send(WsFrame.text(Arrays.copyOf(compressed, 1)).rsv(WsFrame.RSV1).fin(false));
            for (int i = 1; i < compressed.length; i++) {
                boolean last = i == compressed.length - 1;
                ws.send(WsFrame.continuation(new byte[] {compressed[i]}).fin(last)); // one byte per frame
            }
            assertThat(echoText(ws, deflate)).isEqualTo(text);
        }
    }

    @Test
    void acceptsMessagesAfterOneThatEndedWithAFinalDeflateBlock() {
        assume(Promise.INFLATES_AFTER_FINAL_BLOCK);
        RawWebSocket ws = connectDeflate(OFFER);
        try (WsDeflate deflate = new WsDeflate(false)) {
            String first = "the first message, ordinary sync flush ".repeat(10);
            String second = "the second message ends its deflate stream with BFINAL=1 ".repeat(10);
            String third = "the third message refers back: the first message, ordinary sync flush ".repeat(10);
            ws.send(WsFrame.text(deflate.compress(utf8(first))).rsv(WsFrame.RSV1));
            assertThat(echoText(ws, deflate)).isEqualTo(first);
            ws.send(WsFrame.text(deflate.compressEndingWithFinalBlock(utf8(second))).rsv(WsFrame.RSV1));
            assertThat(echoText(ws, deflate)).isEqualTo(second);
            ws.send(WsFrame.text(deflate.compress(utf8(third))).rsv(WsFrame.RSV1));
            assertThat(echoText(ws, deflate)).isEqualTo(third);
        }
    }

    @Test
    void closesWith1002WhenAFrameHasRsv2OrRsv3OnADeflateConnection() {
        for (int rsv : new int[] {WsFrame.RSV2, WsFrame.RSV3, WsFrame.RSV1 | WsFrame.RSV2}) {
            RawWebSocket ws = connectDeflate(OFFER);
            ws.send(WsFrame.text("reserved").rsv(rsv));
            assertClosedWith(ws, 1002, "rsv");
        }
    }

    @Test
    void declinesAnOfferWithADuplicatedParameter() {
        for (String offer : new String[] {"permessage-deflate; server_no_context_takeover; server_no_context_takeover",
                "permessage-deflate; client_max_window_bits; client_max_window_bits=10",
                "permessage-deflate; server_max_window_bits=15; server_max_window_bits=15"}) {
            assertDeclined(offer);
        }
    }

    @Test
    void declinesAnOfferWithAValueWhereNoneIsAllowedOrABadWindowValue() {
        for (String offer : new String[] {"permessage-deflate; server_no_context_takeover=1",
                "permessage-deflate; client_no_context_takeover=true", "permessage-deflate; server_max_window_bits",
                "permessage-deflate; client_max_window_bits=16"}) {
            assertDeclined(offer);
        }
        if (target.promises(Promise.DECLINES_BAD_DEFLATE_OFFERS)) {
            assertDeclined("permessage-deflate; server_max_window_bits=010"); // 7.1.2.1: no leading zeros; ws takes it
        }
    }

    @Test
    void takesTheNextOfferWhenTheFirstIsDeclined() {
        assume(Promise.DECLINES_BAD_DEFLATE_OFFERS);
        RawWebSocket ws = connectDeflate("permessage-deflate; server_no_context_takeover=1, "
                + "permessage-deflate; client_max_window_bits");
        assertThat(extensions(ws)).startsWith("permessage-deflate").doesNotContain("=1");
    }

    @Test
    void honoursClientMaxWindowBitsByNeverAnsweringAboveIt() {
        RawWebSocket ws = connectDeflate("permessage-deflate; client_max_window_bits=9");
        String answer = extensions(ws);
        assertThat(answer).startsWith("permessage-deflate");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("client_max_window_bits=\"?(\\d+)").matcher(answer);
        if (m.find()) {
            assertThat(Integer.parseInt(m.group(1))).as(answer).isLessThanOrEqualTo(9);
        }
        try (WsDeflate deflate = new WsDeflate(false)) {
            String text = "window bits honoured ".repeat(30);
            ws.send(WsFrame.text(deflate.compress(utf8(text))).rsv(WsFrame.RSV1));
            assertThat(echoText(ws, deflate)).isEqualTo(text);
        }
    }

    @Test
    void declinesOrHonoursServerMaxWindowBitsBelow15() {
        RawWebSocket ws = openTcp();
        HandshakeResponse response = ws.upgrade(target.path(),
                Map.of("Sec-WebSocket-Extensions", "permessage-deflate; server_max_window_bits=10"));
        assertThat(response.status()).isEqualTo(101);
        String answer = response.header("sec-websocket-extensions");
        // RFC 7692 7.1.2.1: accepted only with server_max_window_bits <= 10 in the answer; else declined
        if (answer != null) {
            assertThat(answer).containsPattern("server_max_window_bits=\"?(8|9|10)\\b");
        }
    }

    private void assertDeclined(String offer) {
        RawWebSocket ws = openTcp();
        HandshakeResponse response = ws.upgrade(target.path(), Map.of("Sec-WebSocket-Extensions", offer));
        if (!target.promises(Promise.DECLINES_BAD_DEFLATE_OFFERS)) {
            assertThat(response.status()).as(offer).isIn(101, 400); // ws refuses the upgrade instead
            if (response.status() == 400) {
                return;
            }
        }
        assertThat(response.status()).as(offer).isEqualTo(101);
        assertThat(response.header("sec-websocket-extensions")).as("answer to %s", offer).isNull();
        ws.send(WsFrame.text("plain after a declined offer"));
        assertThat(ws.readMessage(TIMEOUT).text()).isEqualTo("plain after a declined offer");
    }

    private static String echoText(RawWebSocket ws, WsDeflate deflate) {
        WsFrame echo = ws.readMessage(TIMEOUT);
        assertThat(echo.opcode()).isEqualTo(WsFrame.TEXT);
        byte[] payload = echo.rsv() == WsFrame.RSV1 ? deflate.decompress(echo.payload(), false) : echo.payload();
        return new String(payload, StandardCharsets.UTF_8);
    }
}
