package dev.pushwire.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.core.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server's own frame decoder, fed masked frames cut at every awkward place: whole messages come out with their
 * bytes unmasked, control frames between fragments come out as they arrive, and each violation is refused with its
 * close code as soon as its byte arrives, after which nothing more comes out.
 */
class MessageDecoderTest {
    private static final int MAX_FRAME = 70_000;
    private static final int MAX_MESSAGE = 100_000;
    private static final Random RANDOM = new Random(16);

    private final List<Object> out = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new MessageDecoder(ConnectionLimits.builder().maxMessageBytes(MAX_MESSAGE).maxFrameBytes(MAX_FRAME)
                    .build()),
            new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (msg instanceof WebSocketFrame f) {
                        byte[] payload = new byte[f.content().readableBytes()];
                        f.content().getBytes(f.content().readerIndex(), payload);
                        out.add(new Control(f.getClass().getSimpleName(), payload));
                        ReferenceCountUtil.release(f);
                    } else {
                        out.add(msg);
                    }
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    out.add(cause);
                }
            });

    record Control(String type, byte[] payload) {
    }

    // ---------------------------------------------------------------- frames as a client writes them

    static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length <= 125) {
            b.write(maskBit | payload.length);
        } else if (payload.length <= 0xFFFF) {
            b.write(maskBit | 126);
            b.write(payload.length >>> 8);
            b.write(payload.length & 0xFF);
        } else {
            b.write(maskBit | 127);
            for (int i = 7; i >= 0; i--) {
                b.write((int) ((long) payload.length >>> (8 * i)) & 0xFF);
            }
        }
        byte[] key = new byte[4];
        RANDOM.nextBytes(key);
        if (masked) {
            b.writeBytes(key);
        }
        for (int i = 0; i < payload.length; i++) {
            b.write(masked ? payload[i] ^ key[i & 3] : payload[i]);
        }
        return b.toByteArray();
    }

    static byte[] frame(boolean fin, int opcode, byte[] payload) {
        return frame(fin, 0, opcode, payload, true);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    /** Feeds {@code bytes} in reads of the given sizes (the rest in one last read). */
    void feed(byte[] bytes, int... cuts) {
        int at = 0;
        for (int cut : cuts) {
            int n = Math.min(cut, bytes.length - at);
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, at, n));
            at += n;
        }
        if (at < bytes.length) {
            channel.writeInbound(Unpooled.directBuffer().writeBytes(bytes, at, bytes.length - at));
        }
    }

    void feedByteByByte(byte[] bytes) {
        for (byte b : bytes) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
    }

    static byte[] ascii(int n) {
        byte[] a = new byte[n];
        for (int i = 0; i < n; i++) {
            a[i] = (byte) ('a' + i % 26);
        }
        return a;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    void assertClosedWith(int code, String reasonPart) {
        assertThat(out).last().isInstanceOf(WebSocketProtocolException.class);
        WebSocketProtocolException e = (WebSocketProtocolException) out.get(out.size() - 1);
        assertThat(e.closeCode()).isEqualTo(code);
        assertThat(e.getMessage()).containsIgnoringCase(reasonPart);
    }

    // ---------------------------------------------------------------- lengths and splits

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 7, 8, 9, 125, 126, 127, 65_535, 65_536, 70_000})
    void decodesEveryLengthEncodingInOneReadAndByteByByte(int length) {
        byte[] payload = ascii(length);
        byte[] f = frame(true, 0x1, payload);
        feed(f);
        feed(frame(true, 0x2, payload), 1, 3, 5, 7, 11, 13);
        if (length <= 1000) {
            feedByteByByte(f);
        }
        assertThat(out).allSatisfy(m -> assertThat(m).isInstanceOf(Message.class));
        assertThat(((Message) out.get(0)).isText()).isTrue();
        assertThat(((Message) out.get(0)).bytes()).isEqualTo(payload);
        assertThat(((Message) out.get(1)).isBinary()).isTrue();
        assertThat(((Message) out.get(1)).bytes()).isEqualTo(payload);
        if (length <= 1000) {
            assertThat(((Message) out.get(2)).bytes()).isEqualTo(payload);
        }
    }

    @Test
    void unmasksAcrossReadsCutAtEveryOffsetOfTheMaskAndOfTheHeader() {
        byte[] payload = ascii(300);
        for (int cut = 1; cut < 20; cut++) {
            out.clear();
            feed(concat(frame(true, 0x2, payload), frame(true, 0x1, utf8("next"))), cut, cut + 1, 3, 9, 200);
            assertThat(out).hasSize(2);
            assertThat(((Message) out.get(0)).bytes()).as("cut at %d", cut).isEqualTo(payload);
            assertThat(((Message) out.get(1)).text()).isEqualTo("next");
        }
    }

    @Test
    void manyFramesInOneRead() {
        byte[] all = concat(frame(true, 0x1, utf8("a")), frame(true, 0x2, new byte[0]), frame(true, 0x1, utf8("é")));
        feed(all);
        assertThat(out).extracting(m -> ((Message) m).bytes()).containsExactly(utf8("a"), new byte[0], utf8("é"));
    }

    // ---------------------------------------------------------------- fragments and control frames

    @Test
    void joinsFragmentsWithControlFramesBetweenThemPassedOnAtOnce() {
        byte[] whole = ascii(1000);
        byte[] bytes = concat(
                frame(false, 0x1, java.util.Arrays.copyOfRange(whole, 0, 10)),
                frame(true, 0x9, utf8("ping!")),
                frame(false, 0x0, new byte[0]),
                frame(false, 0x0, java.util.Arrays.copyOfRange(whole, 10, 600)),
                frame(true, 0xA, new byte[0]),
                frame(true, 0x0, java.util.Arrays.copyOfRange(whole, 600, 1000)));
        feed(bytes, 5, 17, 3, 100, 1);
        assertThat(out).hasSize(3);
        assertThat(((Control) out.get(0)).type()).isEqualTo("PingWebSocketFrame");
        assertThat(((Control) out.get(0)).payload()).isEqualTo(utf8("ping!"));
        assertThat(((Control) out.get(1)).type()).isEqualTo("PongWebSocketFrame");
        assertThat(((Message) out.get(2)).bytes()).isEqualTo(whole);
        assertThat(((Message) out.get(2)).isText()).isTrue();
    }

    @Test
    void aCloseFrameIsPassedOnAndNothingAfterIt() {
        feed(concat(frame(true, 0x8, new byte[] {0x03, (byte) 0xE8, 'o', 'k'}), frame(true, 0x1, utf8("late"))));
        assertThat(out).hasSize(1);
        assertThat(((Control) out.get(0)).type()).isEqualTo("CloseWebSocketFrame");
        assertThat(((Control) out.get(0)).payload()).containsExactly(0x03, 0xE8, 'o', 'k');
    }

    @Test
    void aFragmentedMessageUpToTheMessageLimitIsAcceptedAndOneByteMoreIsNot() {
        byte[] part = ascii(MAX_MESSAGE / 2);
        feed(concat(frame(false, 0x2, part), frame(true, 0x0, part)));
        assertThat(((Message) out.get(0)).bytes()).hasSize(MAX_MESSAGE);
        out.clear();
        feed(concat(frame(false, 0x2, part), frame(false, 0x0, part), frame(true, 0x0, new byte[1])));
        assertClosedWith(1009, "larger than the limit");
    }

    // ---------------------------------------------------------------- UTF-8

    @Test
    void invalidUtf8SplitAcrossFragmentsAndReadsIsRefusedWhenTheBadByteArrives() {
        byte[] euro = utf8("€"); // E2 82 AC
        // a valid sequence split over two fragments, each of them split over reads
        feed(concat(frame(false, 0x1, new byte[] {'x', euro[0]}), frame(true, 0x0, new byte[] {euro[1], euro[2]})),
                3, 4, 2);
        assertThat(((Message) out.get(0)).text()).isEqualTo("x€");
        out.clear();
        // the first two bytes of it, then a byte that cannot continue it, in the second fragment
        feed(frame(false, 0x1, new byte[] {euro[0], euro[1]}), 4, 1);
        assertThat(out).isEmpty();
        feed(frame(false, 0x0, new byte[] {'y', 'z', 'z'}), 7);
        assertClosedWith(1007, "utf-8");
        feed(frame(true, 0x1, utf8("dropped")));
        assertThat(out).hasSize(1);
    }

    @Test
    void aTextMessageThatEndsInsideASequenceIsRefused() {
        byte[] euro = utf8("€");
        feed(concat(frame(false, 0x1, new byte[] {euro[0]}), frame(true, 0x0, new byte[] {euro[1]})));
        assertClosedWith(1007, "inside a UTF-8 sequence");
    }

    @Test
    void invalidUtf8InOneFrameAfterALongAsciiRunIsRefused() {
        byte[] text = ascii(5000);
        text[4321] = (byte) 0xC0;
        feed(frame(true, 0x1, text), 1000, 2000);
        assertClosedWith(1007, "utf-8");
    }

    @Test
    void binaryIsNotCheckedForUtf8() {
        feed(frame(true, 0x2, new byte[] {(byte) 0xFF, (byte) 0xC0}));
        assertThat(((Message) out.get(0)).bytes()).containsExactly(0xFF, 0xC0);
    }

    // ---------------------------------------------------------------- violations

    @Test
    void aFrameOverTheFrameLimitIsRefusedFromItsHeader() {
        byte[] f = frame(true, 0x2, new byte[MAX_FRAME + 1]);
        feed(java.util.Arrays.copyOf(f, 14));
        assertClosedWith(1009, "frame length");
    }

    @ParameterizedTest(name = "RSV {0}")
    @ValueSource(ints = {1, 2, 4, 7})
    void rsvBitsAreRefused(int rsv) {
        feed(frame(true, rsv, 0x1, utf8("x"), true));
        assertClosedWith(1002, "rsv");
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {3, 7, 0xB, 0xF})
    void reservedOpcodesAreRefused(int opcode) {
        feed(frame(true, opcode, new byte[0]));
        assertClosedWith(1002, "opcode");
    }

    @Test
    void anUnmaskedFrameIsRefused() {
        feed(frame(true, 0, 0x1, utf8("x"), false));
        assertClosedWith(1002, "mask");
    }

    @Test
    void aFragmentedControlFrameIsRefused() {
        feed(frame(false, 0x9, new byte[0]));
        assertClosedWith(1002, "fragmented control frame");
    }

    @Test
    void aControlFrameOver125BytesIsRefused() {
        feed(frame(true, 0xA, new byte[126]));
        assertClosedWith(1002, "control frame");
    }

    @Test
    void aContinuationWithoutAMessageIsRefused() {
        feed(frame(true, 0x0, utf8("orphan")));
        assertClosedWith(1002, "continuation");
    }

    @Test
    void aDataFrameInsideAFragmentedMessageIsRefused() {
        feed(concat(frame(false, 0x1, utf8("a")), frame(true, 0x1, utf8("b"))));
        assertClosedWith(1002, "fragmented");
    }

    @Test
    void nonMinimalLengthsAreRefused() {
        byte[] f16 = {(byte) 0x82, (byte) (0x80 | 126), 0, 5, 1, 2, 3, 4};
        feed(f16);
        assertClosedWith(1002, "minimal length");
    }

    @Test
    void aNonMinimal64BitLengthIsRefused() {
        byte[] f64 = {(byte) 0x82, (byte) (0x80 | 127), 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 1, 2, 3, 4};
        feed(f64);
        assertClosedWith(1002, "minimal length");
    }

    @Test
    void releasesEveryReadBuffer() {
        ByteBuf b = Unpooled.directBuffer().writeBytes(frame(true, 0x1, utf8("x")));
        channel.writeInbound(b);
        assertThat(b.refCnt()).isZero();
        ByteBuf bad = Unpooled.directBuffer().writeBytes(frame(true, 0x3, new byte[0]));
        channel.writeInbound(bad);
        assertThat(bad.refCnt()).isZero();
        ByteBuf afterFailure = Unpooled.directBuffer().writeBytes(frame(true, 0x1, utf8("y")));
        channel.writeInbound(afterFailure);
        assertThat(afterFailure.refCnt()).isZero();
        assertThat(out).hasSize(2);
    }

    @Test
    void unmaskMatchesAByteByByteXorAtEveryKeyOffset() {
        byte[] plain = new byte[37];
        RANDOM.nextBytes(plain);
        int key = 0x1A2B3C4D;
        byte[] k = {0x1A, 0x2B, 0x3C, 0x4D};
        for (int offset = 0; offset < 4; offset++) {
            byte[] a = plain.clone();
            MessageDecoder.unmask(a, 0, a.length, Integer.rotateLeft(key, 8 * offset));
            for (int i = 0; i < a.length; i++) {
                assertThat(a[i]).isEqualTo((byte) (plain[i] ^ k[(i + offset) & 3]));
            }
        }
    }
}
