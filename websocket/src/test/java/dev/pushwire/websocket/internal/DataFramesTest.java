package dev.pushwire.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Frames written by {@link DataFrames} read back the same through Netty's decoder, masked and unmasked. */
class DataFramesTest {
    private static WebSocketFrame decode(ByteBuf wire, boolean masked) {
        EmbeddedChannel decoder = new EmbeddedChannel(new WebSocket08FrameDecoder(masked, false, 1 << 20));
        decoder.writeInbound(wire);
        WebSocketFrame frame = decoder.readInbound();
        assertThat(decoder.<Object>readInbound()).as("exactly one frame").isNull();
        decoder.finishAndReleaseAll();
        return frame;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 9, 125, 126, 127, 65535, 65536, 70001})
    void everyLengthEncodingRoundTripsMaskedAndUnmasked(int size) {
        byte[] payload = new byte[size];
        new Random(size).nextBytes(payload);
        for (boolean masked : new boolean[] {false, true}) {
            ByteBuf wire = DataFrames.encode(ByteBufAllocator.DEFAULT, false, payload, masked);
            assertThat(wire.readableBytes()).isEqualTo(DataFrames.headerBytes(size, masked) + size);
            assertThat(DataFrames.payloadLength(wire)).isEqualTo(size);
            WebSocketFrame frame = decode(wire, masked);
            try {
                assertThat(frame).isInstanceOf(BinaryWebSocketFrame.class);
                assertThat(frame.isFinalFragment()).isTrue();
                assertThat(ByteBufUtil.getBytes(frame.content())).as("masked=%s", masked).isEqualTo(payload);
            } finally {
                frame.release();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "héllo wörld ☃ 𝄞", "a long one: 0123456789abcdef0123456789abcdef0123456789"
            + "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    void textIsEncodedAsUtf8StraightIntoTheFrame(String text) {
        for (boolean masked : new boolean[] {false, true}) {
            WebSocketFrame frame = decode(DataFrames.encodeText(ByteBufAllocator.DEFAULT, text, masked), masked);
            try {
                assertThat(frame).isInstanceOf(TextWebSocketFrame.class);
                assertThat(frame.content().toString(StandardCharsets.UTF_8)).isEqualTo(text);
            } finally {
                frame.release();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 200})
    void eachMaskedFrameGetsItsOwnKey(int size) {
        byte[] payload = new byte[size];
        ByteBuf a = DataFrames.encode(ByteBufAllocator.DEFAULT, false, payload, true);
        ByteBuf b = DataFrames.encode(ByteBufAllocator.DEFAULT, false, payload, true);
        try {
            int keyAt = DataFrames.headerBytes(size, true) - 4;
            assertThat(a.getInt(keyAt)).isNotEqualTo(b.getInt(keyAt)); // 1 in 2^32 to collide
        } finally {
            a.release();
            b.release();
        }
    }
}
