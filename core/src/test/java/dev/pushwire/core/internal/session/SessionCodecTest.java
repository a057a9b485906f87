package dev.pushwire.core.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pushwire.core.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionCodecTest {

    @Test
    void encodesABatchWithTextBinaryAndClose() {
        byte[] json = SessionCodec.encodeBatch(List.of(
                new SequencedMessage(1, Message.text("hé\n\"")),
                new SequencedMessage(2, Message.binary(new byte[] {0, 1, 2}))), new SessionClose(4003, "gone"));
        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(
                "{\"messages\":[{\"seq\":1,\"type\":\"text\",\"data\":\"hé\\n\\\"\"},"
                        + "{\"seq\":2,\"type\":\"binary\",\"data\":\"AAEC\"}],"
                        + "\"close\":{\"code\":4003,\"reason\":\"gone\"}}");
    }

    @Test
    void roundTripsABatch() throws Exception {
        List<SequencedMessage> in = List.of(new SequencedMessage(7, Message.text("😀 ünïcode")),
                new SequencedMessage(8, Message.binary(new byte[] {(byte) 0xff})));
        SessionCodec.Batch out = SessionCodec.decodeBatch(SessionCodec.encodeBatch(in, null));
        assertThat(out.messages()).isEqualTo(in);
        assertThat(out.close()).isNull();
    }

    @Test
    void roundTripsAPost() throws Exception {
        List<Message> in = List.of(Message.text("a\r\nb"), Message.binary(new byte[0]), Message.text(""));
        assertThat(SessionCodec.decodePost(SessionCodec.encodePost(in))).isEqualTo(in);
    }

    @Test
    void decodesTheThreeKindsOfSseMessageEvents() throws Exception {
        assertThat(SessionCodec.decodeSseMessage(null, "7", "line1\nline2"))
                .isEqualTo(new SequencedMessage(7, Message.text("line1\nline2")));
        assertThat(SessionCodec.decodeSseMessage("message", "8", ""))
                .isEqualTo(new SequencedMessage(8, Message.text("")));
        assertThat(SessionCodec.decodeSseMessage("b", "9", "AAEC"))
                .isEqualTo(new SequencedMessage(9, Message.binary(new byte[] {0, 1, 2})));
        assertThat(SessionCodec.decodeSseMessage("j", "10", "\"a\\r\\nb\""))
                .isEqualTo(new SequencedMessage(10, Message.text("a\r\nb")));
        assertThat(SessionCodec.decodeSseMessage("future", "11", "x")).isNull();
        assertThatThrownBy(() -> SessionCodec.decodeSseMessage(null, "x", "hi"))
                .isInstanceOf(SessionException.class).hasMessageContaining("seq as id");
        assertThatThrownBy(() -> SessionCodec.decodeSseMessage("b", "1", "!!"))
                .hasMessageContaining("not valid base64");
    }

    @Test
    void refusesGarbagePostsWithAClearMessage() {
        assertThatThrownBy(() -> SessionCodec.decodePost("{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SessionException.class).hasMessageContaining("must be a JSON array");
        assertThatThrownBy(() -> SessionCodec.decodePost("[{\"type\":\"text\"}]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("needs \"data\"");
        assertThatThrownBy(() -> SessionCodec.decodePost(
                "[{\"type\":\"binary\",\"data\":\"!!\"}]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> SessionCodec.decodePost(
                "[{\"type\":\"video\",\"data\":\"x\"}]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("\"type\" must be");
        assertThatThrownBy(() -> SessionCodec.decodePost("[1,".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SessionException.class);
        assertThatThrownBy(() -> SessionCodec.decodePost("[] []".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SessionException.class);
    }
}
