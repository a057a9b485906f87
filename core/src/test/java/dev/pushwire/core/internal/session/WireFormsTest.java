package dev.pushwire.core.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.core.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireFormsTest {

    private static String sse(Message m) {
        WireForms f = WireForms.of(m);
        return new String(f.ssePrefix(), StandardCharsets.UTF_8) + "5\n"
                + new String(f.sseData(), StandardCharsets.UTF_8);
    }

    @Test
    void writesTextAsTheDataItselfOneDataLinePerLine() {
        assertThat(sse(Message.text("hello"))).isEqualTo("id:5\ndata:hello\n\n");
        assertThat(sse(Message.text("a\nb\n"))).isEqualTo("id:5\ndata:a\ndata:b\ndata:\n\n");
        assertThat(sse(Message.text(""))).isEqualTo("id:5\ndata:\n\n");
        assertThat(sse(Message.text(" lead"))).isEqualTo("id:5\ndata:  lead\n\n");
        assertThat(sse(Message.text("é€"))).isEqualTo("id:5\ndata:é€\n\n");
    }

    @Test
    void writesBinaryAsBase64AndTextWithACarriageReturnAsAJsonString() {
        assertThat(sse(Message.binary(new byte[] {0, 1, 2}))).isEqualTo("event:b\nid:5\ndata:AAEC\n\n");
        assertThat(sse(Message.text("a\r\nb\"\\\u0001"))).isEqualTo(
                "event:j\nid:5\ndata:\"a\\r\\nb\\\"\\\\\\u0001\"\n\n");
    }

    @Test
    void jsonTailMakesTheMessageObjectOfTheBatch() throws Exception {
        for (Message m : List.of(Message.text("x\"\n\\\u001f\u00e9"), Message.binary(new byte[] {9, 8}),
                Message.text(""))) {
            String json = "{\"messages\":[{\"seq\":3" + new String(WireForms.of(m).jsonTail(),
                    StandardCharsets.UTF_8) + "]}";
            assertThat(SessionCodec.decodeBatch(json.getBytes(StandardCharsets.UTF_8)).messages())
                    .containsExactly(new SequencedMessage(3, m));
        }
    }

    @Test
    void isMadeOncePerMessageAndShared() {
        Message m = Message.encodedText("shared");
        WireForms f = WireForms.of(m);
        for (int i = 0; i < 3; i++) {
            assertThat(WireForms.of(m)).isSameAs(f);
            assertThat(WireForms.of(m).sseData()).isSameAs(f.sseData());
            assertThat(WireForms.of(m).jsonTail()).isSameAs(f.jsonTail());
        }
        assertThat(f.sseEncodings()).isEqualTo(1);
        assertThat(f.jsonEncodings()).isEqualTo(1);
    }
}
