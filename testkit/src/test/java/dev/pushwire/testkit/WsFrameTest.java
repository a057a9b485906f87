package dev.pushwire.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.testkit.WsFrame.LengthForm;
import org.junit.jupiter.api.Test;

class WsFrameTest {
    private static final byte[] KEY = {1, 2, 3, 4};

    @Test
    void encodesAShortMaskedTextFrameAsRfc6455Example() {
        // RFC 6455 5.7: a single-frame masked text message "Hello"
        byte[] encoded = WsFrame.text("Hello").maskKey(new byte[] {0x37, (byte) 0xfa, 0x21, 0x3d}).encode();
        assertThat(encoded).containsExactly(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
    }

    @Test
    void encodesUnmaskedFrameAsRfc6455Example() {
        assertThat(WsFrame.text("Hello").unmasked().encode())
                .containsExactly(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);
    }

    @Test
    void usesTheMinimalLengthFormByDefault() {
        assertThat(WsFrame.binary(new byte[125]).unmasked().encode()[1]).isEqualTo((byte) 125);
        byte[] f126 = WsFrame.binary(new byte[126]).unmasked().encode();
        assertThat(f126).startsWith(0x82, 126, 0, 126);
        byte[] f65536 = WsFrame.binary(new byte[65536]).unmasked().encode();
        assertThat(f65536).startsWith(0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0);
    }

    @Test
    void writesNonMinimalLengthFormsOnRequest() {
        assertThat(WsFrame.binary(new byte[5]).unmasked().lengthForm(LengthForm.BITS_16).encode())
                .startsWith(0x82, 126, 0, 5).hasSize(4 + 5);
        assertThat(WsFrame.binary(new byte[5]).unmasked().lengthForm(LengthForm.BITS_64).encode())
                .startsWith(0x82, 127, 0, 0, 0, 0, 0, 0, 0, 5).hasSize(10 + 5);
    }

    @Test
    void writesALyingLength() {
        byte[] encoded = WsFrame.binary(new byte[0]).maskKey(KEY).declaredLength(Long.MAX_VALUE).encode();
        assertThat(encoded).containsExactly(0x82, 0x80 | 127, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                1, 2, 3, 4);
        assertThat(WsFrame.binary(new byte[0]).unmasked().declaredLength(-1).encode())
                .containsExactly(0x82, 127, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
    }

    @Test
    void setsFinRsvAndAnyOpcode() {
        assertThat(WsFrame.text("").unmasked().fin(false).rsv(WsFrame.RSV1 | WsFrame.RSV3).encode()[0])
                .isEqualTo((byte) 0b0101_0001);
        assertThat(WsFrame.of(0xB, new byte[0]).unmasked().encode()[0]).isEqualTo((byte) 0x8B);
    }

    @Test
    void readsCloseCodeAndReason() {
        WsFrame close = WsFrame.close(4000, "slow consumer");
        assertThat(close.closeCode()).isEqualTo(4000);
        assertThat(close.closeReason()).isEqualTo("slow consumer");
        assertThat(WsFrame.emptyClose().closeCode()).isEqualTo(1005);
    }
}
