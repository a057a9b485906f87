package dev.pushwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The handshake request as endpoint code reads it, from its compact form. */
class NettyHandshakeRequestTest {
    private static NettyHandshakeRequest request(String uri) {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        r.headers().add("Host", "example.test:8080");
        r.headers().add("X-Tag", "first");
        r.headers().add("Cookie", "a=1; b=two");
        r.headers().add("x-tag", "second, with comma");
        r.headers().add("Empty", "");
        return new NettyHandshakeRequest(r, new InetSocketAddress("127.0.0.1", 5555));
    }

    @Test
    void headersAreCaseInsensitiveKeepTheirOrderAndEveryValue() {
        NettyHandshakeRequest r = request("/chat");
        assertThat(r.header("HOST")).contains("example.test:8080");
        assertThat(r.header("x-TAG")).contains("first");
        assertThat(r.headers("X-Tag")).containsExactly("first", "second, with comma");
        assertThat(r.header("Empty")).contains("");
        assertThat(r.header("X-Ta")).isEmpty();
        assertThat(r.header("X-Tags")).isEmpty();
        assertThat(r.headerNames()).containsExactly("Host", "X-Tag", "Cookie", "Empty");
        assertThat(r.cookies()).containsEntry("a", "1").containsEntry("b", "two");
    }

    @Test
    void pathIsDecodedAndTheQueryParsedOnDemand() {
        NettyHandshakeRequest r = request("/rooms/caf%C3%A9?token=abc&n=1&n=2");
        assertThat(r.path()).isEqualTo("/rooms/café");
        assertThat(r.queryParam("token")).contains("abc");
        assertThat(r.queryParams().get("n")).containsExactly("1", "2");
        assertThat(r.path()).isEqualTo("/rooms/café");
        assertThat(r.rawUri()).isEqualTo("/rooms/caf%C3%A9?token=abc&n=1&n=2");
    }
}
