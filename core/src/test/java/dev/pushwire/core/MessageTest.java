package dev.pushwire.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageTest {

    @Test
    void textIsEncodedOnceAndTheSameBytesAreSharedAfterwards() {
        Message m = Message.text("héllo ✓ 😀");
        assertThat(m.hasBytes()).isFalse();
        assertThat(m.size()).isEqualTo("héllo ✓ 😀".getBytes(StandardCharsets.UTF_8).length);

        byte[] first = m.bytes();
        assertThat(first).isEqualTo("héllo ✓ 😀".getBytes(StandardCharsets.UTF_8));
        assertThat(m.hasBytes()).isTrue();
        assertThat(m.bytes()).isSameAs(first);
        assertThat(m.size()).isEqualTo(first.length);
    }

    @Test
    void encodedTextHoldsItsBytesFromTheStartAndEqualsPlainText() {
        Message m = Message.encodedText("broadcast");
        assertThat(m.hasBytes()).isTrue();
        assertThat(m.isText()).isTrue();
        assertThat(m).isEqualTo(Message.text("broadcast")).hasSameHashCodeAs(Message.text("broadcast"));
    }

    @Test
    void binaryKeepsItsArrayAndDecodesAsUtf8OnRequest() {
        byte[] data = "abc".getBytes(StandardCharsets.UTF_8);
        Message m = Message.binary(data);
        assertThat(m.isBinary()).isTrue();
        assertThat(m.hasBytes()).isTrue();
        assertThat(m.bytes()).isSameAs(data);
        assertThat(m.text()).isEqualTo("abc");
        assertThat(m).isNotEqualTo(Message.text("abc"));
    }

    @Test
    void textReceivedAsUtf8IsDecodedOnlyWhenAskedAndKeepsItsBytes() {
        byte[] utf8 = "Grüße ✓".getBytes(StandardCharsets.UTF_8);
        Message m = Message.textOfUtf8(utf8);
        assertThat(m.isText()).isTrue();
        assertThat(m.hasBytes()).isTrue();
        assertThat(m.bytes()).isSameAs(utf8);
        assertThat(m.size()).isEqualTo(utf8.length);
        assertThat(m.text()).isEqualTo("Grüße ✓").isSameAs(m.text());
        assertThat(m).isEqualTo(Message.text("Grüße ✓")).hasSameHashCodeAs(Message.text("Grüße ✓"));
        assertThat(m.toString()).isEqualTo("text(\"Grüße ✓\")");
    }
}
