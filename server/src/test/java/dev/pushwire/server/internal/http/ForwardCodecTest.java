package dev.pushwire.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A forwarded request and the answer parts come out of the bus as they went in. */
class ForwardCodecTest {

    @Test
    void aRequestKeepsMethodUriHeadersAndBody() throws Exception {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                "/echo?transport=polling&sid=n1.abc&seq=3",
                Unpooled.copiedBuffer("[{\"type\":\"text\",\"data\":\"é\"}]", StandardCharsets.UTF_8));
        r.headers().add("Origin", "https://example.com").add("Last-Event-ID", "41").add("X-Twice", "a")
                .add("X-Twice", "b");
        ForwardCodec.Forwarded f = ForwardCodec.decodeRequest(ForwardCodec.encodeRequest(77, r));
        try {
            assertThat(f.streamId()).isEqualTo(77);
            assertThat(f.request().method()).isEqualTo(HttpMethod.POST);
            assertThat(f.request().uri()).isEqualTo(r.uri());
            assertThat(f.request().protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
            assertThat(f.request().headers().getAll("X-Twice")).containsExactly("a", "b");
            assertThat(f.request().headers().get("Last-Event-ID")).isEqualTo("41");
            assertThat(f.request().content().toString(StandardCharsets.UTF_8))
                    .isEqualTo("[{\"type\":\"text\",\"data\":\"é\"}]");
        } finally {
            f.request().release();
            r.release();
        }
    }

    @Test
    void answerPartsKeepTheirKindStatusHeadersAndBytes() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        FullHttpResponse full = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND,
                Unpooled.copiedBuffer("{\"error\":\"unknown_session\"}", StandardCharsets.UTF_8));
        full.headers().set("Content-Type", "application/json");
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set("Transfer-Encoding", "chunked");
        ForwardCodec.encodePart(out, full);
        ForwardCodec.encodePart(out, head);
        ForwardCodec.encodePart(out, new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[] {0, 1, (byte) 255})));
        ForwardCodec.encodePart(out, LastHttpContent.EMPTY_LAST_CONTENT);
        ForwardCodec.encodeClose(out);
        assertThat(full.refCnt()).as("encoding releases what it encoded").isZero();

        List<ForwardCodec.Part> parts = ForwardCodec.decodeParts(
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 5);
        assertThat(parts).extracting(ForwardCodec.Part::kind).containsExactly(ForwardCodec.FULL, ForwardCodec.HEAD,
                ForwardCodec.CHUNK, ForwardCodec.END, ForwardCodec.CLOSE);
        FullHttpResponse f = (FullHttpResponse) parts.get(0).object();
        assertThat(f.status()).isEqualTo(HttpResponseStatus.NOT_FOUND);
        assertThat(f.headers().get("Content-Type")).isEqualTo("application/json");
        assertThat(f.content().toString(StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"unknown_session\"}");
        assertThat(((HttpResponse) parts.get(1).object()).headers().get("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(ByteBufUtil.getBytes(((HttpContent) parts.get(2).object()).content()))
                .containsExactly(0, 1, 255);
        assertThat(parts.get(3).object()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(parts.get(4).object()).isNull();
        f.release();
        ((HttpContent) parts.get(2).object()).release();
    }
}
