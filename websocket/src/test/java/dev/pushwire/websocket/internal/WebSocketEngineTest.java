package dev.pushwire.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.core.ConnectionListener;
import dev.pushwire.core.Message;
import dev.pushwire.core.ReadyState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebSocketEngineTest {
    private static final ConnectionLimits QUIET = ConnectionLimits.builder()
            .pingInterval(Duration.ZERO).maxMessageBytes(1000).maxFrameBytes(600)
            .closeTimeout(Duration.ofSeconds(2)).build();

    private EngineHarness h;

    @AfterEach
    void release() {
        if (h != null) {
            h.close();
        }
    }

    private EngineHarness harness(ConnectionLimits limits) {
        h = new EngineHarness(limits);
        return h;
    }

    private static ByteBuf utf8(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    /** Asserts the engine sent a close frame with this code and a reason containing the text. */
    private void assertSentClose(int code, String reasonPart) {
        WebSocketFrame f = h.sent();
        try {
            assertThat(f).isInstanceOf(CloseWebSocketFrame.class);
            CloseWebSocketFrame c = (CloseWebSocketFrame) f;
            assertThat(c.statusCode()).isEqualTo(code);
            assertThat(c.reasonText()).contains(reasonPart);
        } finally {
            f.release();
        }
    }

    /** Asserts the protocol failure sequence: onError, close frame sent, channel closed, onClose(code, local). */
    private void assertFailedWith(int code, String reasonPart) {
        assertThat(h.next(EngineHarness.Error.class).error()).isInstanceOf(WebSocketProtocolException.class)
                .hasMessageContaining(reasonPart);
        assertSentClose(code, reasonPart);
        assertThat(h.channel.isOpen()).isFalse();
        CloseEvent e = h.next(CloseEvent.class);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.remote()).isFalse();
        h.assertExhausted();
    }

    @Test
    void deliversTextAndBinaryMessages() {
        harness(QUIET);
        h.receive(new TextWebSocketFrame("héllo"));
        h.receive(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {0, 1, 2})));
        assertThat(h.next(Message.class)).isEqualTo(Message.text("héllo"));
        assertThat(h.next(Message.class).bytes()).containsExactly(0, 1, 2);
        h.assertExhausted();
    }

    @Test
    void joinsFragmentsWithUtf8SplitInsideACharacter() {
        harness(QUIET);
        byte[] b = "a😀b".getBytes(StandardCharsets.UTF_8);
        h.receive(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(b, 0, 2)));
        h.receive(new ContinuationWebSocketFrame(false, 0, Unpooled.wrappedBuffer(b, 2, 3)));
        h.receive(new PingWebSocketFrame(utf8("in between")));
        h.receive(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(b, 5, 1)));
        assertThat(h.next(EngineHarness.Ping.class).payload()).asString().isEqualTo("in between");
        assertThat(h.next(Message.class)).isEqualTo(Message.text("a😀b"));
        WebSocketFrame pong = h.sent();
        assertThat(pong).isInstanceOf(PongWebSocketFrame.class);
        assertThat(pong.content().toString(StandardCharsets.UTF_8)).isEqualTo("in between");
        pong.release();
        h.assertExhausted();
    }

    @Test
    void joinsThousandsOfOneByteFragments() {
        harness(QUIET.toBuilder().maxMessageBytes(10_000).build());
        h.receive(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {0})));
        for (int i = 1; i < 4_999; i++) {
            h.receive(new ContinuationWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {(byte) i})));
        }
        h.receive(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] {(byte) 4_999})));
        byte[] joined = h.next(Message.class).bytes();
        assertThat(joined).hasSize(5_000);
        for (int i = 0; i < 5_000; i++) {
            assertThat(joined[i]).isEqualTo((byte) i);
        }
        h.assertExhausted();
    }

    @Test
    void failsFastWith1007OnInvalidUtf8InAFirstFragment() {
        harness(QUIET);
        h.receive(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {'o', 'k', (byte) 0xC0, (byte) 0xAF})));
        assertFailedWith(1007, "not valid UTF-8");
    }

    @Test
    void closesWith1007WhenTextEndsInsideACharacter() {
        harness(QUIET);
        h.receive(new TextWebSocketFrame(false, 0, utf8("ok")));
        h.receive(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] {(byte) 0xE2, (byte) 0x82})));
        assertFailedWith(1007, "ends inside a UTF-8 sequence");
    }

    @Test
    void closesWith1007OnInvalidUtf8InASingleFrame() {
        harness(QUIET);
        h.receive(new TextWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})));
        assertFailedWith(1007, "not valid UTF-8");
    }

    @Test
    void closesWith1009WhenFragmentsExceedMaxMessageBytes() {
        harness(QUIET);
        h.receive(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[500])));
        h.receive(new ContinuationWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[500])));
        h.receive(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[1])));
        assertFailedWith(1009, "larger than the limit of 1000 bytes");
    }

    @Test
    void closesWith1009WhenOneFrameExceedsMaxFrameBytes() {
        harness(QUIET);
        h.receive(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[601])));
        assertFailedWith(1009, "Max frame length of 600 has been exceeded");
    }

    @Test
    void closesWith1002OnAnUnmaskedClientFrame() {
        harness(QUIET);
        EmbeddedChannel unmasked = new EmbeddedChannel(new WebSocket08FrameEncoder(false));
        unmasked.writeOutbound(new TextWebSocketFrame("sneaky"));
        h.receiveRaw(unmasked.readOutbound());
        unmasked.finishAndReleaseAll();
        assertFailedWith(1002, "not masked");
    }

    @Test
    void closesWith1002OnAReservedOpcode() {
        harness(QUIET);
        h.receiveRaw(Unpooled.wrappedBuffer(new byte[] {(byte) 0x83, (byte) 0x80, 1, 2, 3, 4}));
        assertFailedWith(1002, "reserved opcode");
    }

    @Test
    void closesWith1002OnRsvBitsWithoutAnExtension() {
        harness(QUIET);
        h.receive(new TextWebSocketFrame(true, 4, utf8("compressed?")));
        assertFailedWith(1002, "RSV");
    }

    @Test
    void closesWith1002OnAFragmentedControlFrame() {
        harness(QUIET);
        h.receive(new PingWebSocketFrame(false, 0, utf8("x")));
        assertFailedWith(1002, "fragmented control frame");
    }

    @Test
    void closesWith1002OnACloseCodeThatMayNotBeSent() {
        harness(QUIET);
        ByteBuf payload = Unpooled.buffer().writeShort(1005);
        h.receive(new CloseWebSocketFrame(true, 0, payload));
        WebSocketFrame f = h.sent();
        assertThat(f).isInstanceOf(CloseWebSocketFrame.class);
        assertThat(((CloseWebSocketFrame) f).statusCode()).isEqualTo(1002);
        f.release();
        assertThat(h.channel.isOpen()).isFalse();
    }

    @Test
    void closesWith1002OnACloseCodeAbove4999() {
        harness(QUIET);
        h.receive(new CloseWebSocketFrame(true, 0, Unpooled.buffer().writeShort(5000)));
        WebSocketFrame f = h.sent();
        assertThat(((CloseWebSocketFrame) f).statusCode()).isEqualTo(1002);
        assertThat(((CloseWebSocketFrame) f).reasonText()).contains("5000");
        f.release();
    }

    @Test
    void closesWith1007OnACloseReasonThatIsNotUtf8() {
        harness(QUIET);
        h.receive(new CloseWebSocketFrame(true, 0, Unpooled.buffer().writeShort(1000).writeByte(0xFF)));
        WebSocketFrame f = h.sent();
        assertThat(((CloseWebSocketFrame) f).statusCode()).isEqualTo(1007);
        f.release();
        assertThat(h.channel.isOpen()).isFalse();
    }

    @Test
    void answersThePeersCloseAndClosesTcpAsServer() {
        harness(QUIET);
        h.receive(new CloseWebSocketFrame(4100, "bye now"));
        assertSentClose(4100, "");
        assertThat(h.channel.isOpen()).isFalse();
        assertThat(h.next(CloseEvent.class)).isEqualTo(new CloseEvent(4100, "bye now", true, true));
        assertThat(h.connection.readyState()).isEqualTo(ReadyState.CLOSED);
        h.assertExhausted();
    }

    @Test
    void reports1005ForACloseFrameWithoutCode() {
        harness(QUIET);
        h.receive(new CloseWebSocketFrame());
        WebSocketFrame f = h.sent();
        assertThat(f.content().readableBytes()).isZero();
        f.release();
        assertThat(h.next(CloseEvent.class)).isEqualTo(new CloseEvent(1005, "", true, true));
    }

    @Test
    void localCloseWaitsForThePeersAnswerThenCloses() {
        harness(QUIET);
        h.connection.close(1000, "done");
        assertSentClose(1000, "done");
        assertThat(h.channel.isOpen()).isTrue();
        assertThat(h.connection.readyState()).isEqualTo(ReadyState.CLOSING);
        assertThat(h.connection.send("too late")).isFalse();
        h.receive(new CloseWebSocketFrame(1000, ""));
        assertThat(h.channel.isOpen()).isFalse();
        assertThat(h.next(CloseEvent.class)).isEqualTo(new CloseEvent(1000, "done", false, true));
        h.assertExhausted();
    }

    @Test
    void dropsTheConnectionWhenThePeerNeverAnswersOurClose() {
        harness(QUIET);
        h.connection.close(1001, "going");
        assertSentClose(1001, "going");
        h.advance(1999);
        assertThat(h.channel.isOpen()).isTrue();
        h.advance(1);
        assertThat(h.channel.isOpen()).isFalse();
        assertThat(h.next(CloseEvent.class)).isEqualTo(new CloseEvent(1001, "going", false, false));
    }

    @Test
    void rejectsInvalidCloseArgumentsFromTheApplication() {
        harness(QUIET);
        assertThatThrownBy(() -> h.connection.close(1005, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.connection.close(1000, "x".repeat(124)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("123");
        assertThatThrownBy(() -> h.connection.ping(new byte[126])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void heartbeatPingsASilentPeerAndTerminatesItWith4001() {
        harness(QUIET.toBuilder().pingInterval(Duration.ofSeconds(10)).pingTimeout(Duration.ofSeconds(5)).build());
        h.advance(9_999);
        assertThat(h.sent()).isNull();
        h.advance(1);
        WebSocketFrame ping = h.sent();
        assertThat(ping).isInstanceOf(PingWebSocketFrame.class);
        ping.release();
        h.advance(4_999);
        assertThat(h.channel.isOpen()).isTrue();
        h.advance(1);
        assertThat(h.channel.isOpen()).isFalse();
        CloseEvent e = h.next(CloseEvent.class);
        assertThat(e.code()).isEqualTo(4001);
        assertThat(e.reason()).contains("no answer to a ping");
    }

    @Test
    void heartbeatKeepsAPeerThatAnswersWithPong() {
        harness(QUIET.toBuilder().pingInterval(Duration.ofSeconds(10)).pingTimeout(Duration.ofSeconds(5)).build());
        for (int i = 0; i < 5; i++) {
            h.advance(10_000);
            WebSocketFrame ping = h.sent();
            assertThat(ping).isInstanceOf(PingWebSocketFrame.class);
            ping.release();
            h.advance(1_000);
            h.receive(new PongWebSocketFrame());
            assertThat(h.next(EngineHarness.Pong.class).payload()).isEmpty();
        }
        assertThat(h.channel.isOpen()).isTrue();
    }

    @Test
    void heartbeatDoesNotPingAPeerThatKeepsTalking() {
        harness(QUIET.toBuilder().pingInterval(Duration.ofSeconds(10)).build());
        for (int i = 0; i < 5; i++) {
            h.advance(6_000);
            h.receive(new TextWebSocketFrame("still here"));
            h.next(Message.class);
        }
        assertThat(h.sent()).isNull();
    }

    @Test
    void idleTimeoutClosesWith4002WhenNoMessageArrives() {
        harness(QUIET.toBuilder().idleTimeout(Duration.ofSeconds(30)).build());
        h.advance(20_000);
        h.receive(new TextWebSocketFrame("activity"));
        h.next(Message.class);
        h.advance(29_999);
        assertThat(h.sent()).isNull();
        h.advance(1);
        assertSentClose(4002, "no message received for 30 s");
    }

    @Test
    void reportsAListenerExceptionToOnErrorAndStaysOpen() {
        harness(QUIET);
        RuntimeException boom = new RuntimeException("boom");
        h.connection.addListener(new ConnectionListener() {
            @Override
            public void onMessage(Connection c, Message m) {
                throw boom;
            }
        });
        h.receive(new TextWebSocketFrame("a"));
        h.next(Message.class);
        assertThat(h.next(EngineHarness.Error.class).error()).isSameAs(boom);
        assertThat(h.connection.isOpen()).isTrue();
    }

    @Test
    void sendAfterCloseReturnsFalseAndFailsTheCallback() {
        harness(QUIET);
        h.receive(new CloseWebSocketFrame(1000, ""));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        assertThat(h.connection.send(Message.text("late"), failure::set)).isFalse();
        assertThat(failure.get()).isNotNull();
    }

    @Test
    void sendsTextAndBinaryAndTellsTheCallback() {
        harness(QUIET);
        AtomicReference<Throwable> result = new AtomicReference<>(new Throwable("not called"));
        assertThat(h.connection.send(Message.text("hi ✓"), result::set)).isTrue();
        assertThat(h.connection.send(new byte[] {9})).isTrue();
        WebSocketFrame t = h.sent();
        assertThat(((TextWebSocketFrame) t).text()).isEqualTo("hi ✓");
        t.release();
        WebSocketFrame b = h.sent();
        assertThat(b).isInstanceOf(BinaryWebSocketFrame.class);
        b.release();
        assertThat(result.get()).isNull();
    }
}
