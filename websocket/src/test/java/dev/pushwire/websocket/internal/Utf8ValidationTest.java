package dev.pushwire.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The validator agrees with the JDK's strict decoder on every input, however the input is split. */
class Utf8ValidationTest {
    private static final String[] VALID = {
        "", "a", "hello world, plain ASCII long enough for the 8-byte path",
        "é", "ß€", "€uro", "😀", "a😀b", "κόσμε", "日本語のテキスト", "\u0000", "\u007f\u0080\u07ff\u0800\uffff",
        "\ud7ff\ue000", "\udbff\udfff", "mixed ascii and ✓ checks ✓✓ and more ascii after the checks"
    };

    private static final String[] INVALID_HEX = {
        "80", "bf", "c0af", "c1bf", "c2", "e0", "e080af", "e09f80", "eda080", "edbfbf", "f08f8080",
        "f4908080", "f5808080", "ff", "fe", "c328", "e28228", "f0288c28", "cebae1bdb9cf83cebcceb5eda080656469746564",
        "6869f4", "4142434445464748c0", "41424344454647484980"
    };

    @Test
    void acceptsValidTextWhole() {
        for (String s : VALID) {
            assertThat(valid(s.getBytes(StandardCharsets.UTF_8))).as(s).isTrue();
        }
    }

    @Test
    void rejectsInvalidSequencesWhole() {
        for (String hex : INVALID_HEX) {
            byte[] bytes = HexFormat.of().parseHex(hex);
            assertThat(valid(bytes)).as(hex).isFalse();
            assertThat(jdkValid(bytes)).as("JDK agrees on " + hex).isFalse();
        }
    }

    @Test
    void agreesWithTheJdkWhenSplitAtEveryByte() {
        List<byte[]> inputs = new ArrayList<>();
        for (String s : VALID) {
            inputs.add(s.getBytes(StandardCharsets.UTF_8));
        }
        for (String hex : INVALID_HEX) {
            inputs.add(HexFormat.of().parseHex(hex));
        }
        for (byte[] input : inputs) {
            boolean expected = jdkValid(input);
            for (int split = 0; split <= input.length; split++) {
                assertThat(validSplit(input, split)).as(HexFormat.of().formatHex(input) + " split at " + split)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void agreesWithTheJdkOnRandomInputSplitRandomly() {
        Random random = new Random(6455);
        int[] codePointPool = {'a', 'z', ' ', 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0x20ac, 0xd7ff, 0xe000, 0xfffd, 0xffff,
            0x10000, 0x1f600, 0x10ffff};
        for (int round = 0; round < 20_000; round++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(40);
            for (int i = 0; i < n; i++) {
                sb.appendCodePoint(random.nextInt(4) == 0 ? codePointPool[random.nextInt(codePointPool.length)]
                        : 'a' + random.nextInt(26));
            }
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 0 && random.nextBoolean()) {
                // corrupt one byte: flip bits, or drop a byte, or insert a random one
                int at = random.nextInt(bytes.length);
                bytes = bytes.clone();
                bytes[at] = (byte) random.nextInt(256);
            }
            boolean expected = jdkValid(bytes);
            assertThat(validInPieces(bytes, random)).as(HexFormat.of().formatHex(bytes)).isEqualTo(expected);
        }
    }

    @Test
    void rejectsEveryTruncatedMultiByteCharacter() {
        for (String s : new String[] {"é", "€", "😀"}) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            for (int len = 1; len < b.length; len++) {
                ByteBuf buf = Unpooled.wrappedBuffer(b, 0, len);
                int state = Utf8Validation.update(Utf8Validation.ACCEPT, buf, 0, len);
                assertThat(state).as(s + " cut at " + len).isNotIn(Utf8Validation.ACCEPT, Utf8Validation.REJECT);
            }
        }
    }

    @Test
    void agreesWithTheJdkOnDirectBuffersWithACharacterAcrossTheInternalChunkBoundary() {
        String[] tails = {"😀", "€", "é"};
        for (String tail : tails) {
            byte[] t = tail.getBytes(StandardCharsets.UTF_8);
            for (int prefix = 8192 - t.length; prefix <= 8192; prefix++) {
                byte[] good = new byte[prefix + t.length + 20];
                java.util.Arrays.fill(good, (byte) 'a');
                System.arraycopy(t, 0, good, prefix, t.length);
                byte[] bad = good.clone();
                bad[prefix + t.length - 1] = 'x'; // last continuation byte replaced: invalid
                for (byte[] input : new byte[][] {good, bad}) {
                    ByteBuf direct = Unpooled.directBuffer(input.length).writeBytes(input);
                    try {
                        assertThat(Utf8Validation.isValid(direct, 0, input.length))
                                .as(tail + " at " + prefix).isEqualTo(jdkValid(input));
                    } finally {
                        direct.release();
                    }
                }
            }
        }
    }

    private static boolean valid(byte[] b) {
        return Utf8Validation.isValid(Unpooled.wrappedBuffer(b), 0, b.length);
    }

    private static boolean validSplit(byte[] b, int split) {
        ByteBuf first = Unpooled.wrappedBuffer(b, 0, split);
        ByteBuf second = Unpooled.wrappedBuffer(b, split, b.length - split);
        int state = Utf8Validation.update(Utf8Validation.ACCEPT, first, 0, first.readableBytes());
        state = Utf8Validation.update(state, second, 0, second.readableBytes());
        return state == Utf8Validation.ACCEPT;
    }

    private static boolean validInPieces(byte[] b, Random random) {
        int state = Utf8Validation.ACCEPT;
        int off = 0;
        while (off < b.length) {
            int len = 1 + random.nextInt(b.length - off);
            // a buffer with an offset, so absolute indexes other than 0 are exercised
            ByteBuf piece = Unpooled.buffer(len + 3).writeZero(3).writeBytes(b, off, len);
            state = Utf8Validation.update(state, piece, 3, 3 + len);
            piece.release();
            off += len;
        }
        return state == Utf8Validation.ACCEPT;
    }

    private static boolean jdkValid(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
