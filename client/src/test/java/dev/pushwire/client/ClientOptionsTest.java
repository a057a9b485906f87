package dev.pushwire.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.websocket.DeflateOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        ClientOptions o = ClientOptions.DEFAULT;
        assertThat(o.headers()).isEmpty();
        assertThat(o.subprotocols()).isEmpty();
        assertThat(o.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.limits()).isSameAs(ConnectionLimits.DEFAULT);
        assertThat(o.deflate()).isSameAs(DeflateOptions.DISABLED);
        assertThat(o.trustedCertificates()).isNull();
        assertThat(o.verifyHostname()).isTrue();
        assertThat(o.maxRejectionBodyBytes()).isEqualTo(8192);
        assertThat(o.transports()).as("falls back by default").containsExactly("websocket", "sse", "longpolling",
                "polling");
    }

    @Test
    void transportsMayBeNarrowedToWebSocketOnlyAndRefuseUnknownOrRepeatedNames() {
        assertThat(ClientOptions.builder().transports("websocket").build().transports()).containsExactly("websocket");
        assertThat(ClientOptions.DEFAULT.toBuilder().transports("sse", "polling").build().transports())
                .containsExactly("sse", "polling");
        assertThatThrownBy(() -> ClientOptions.builder().transports("websocket", "comet"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("comet");
        assertThatThrownBy(() -> ClientOptions.builder().transports("sse", "sse"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientOptions.builder().transports())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toBuilderKeepsEverySettingAndTheOriginalStaysUnchanged() {
        ClientOptions a = ClientOptions.builder().header("X-A", "1").header("X-A", "2").subprotocols("p1", "p2")
                .connectTimeout(Duration.ofSeconds(3)).handshakeTimeout(Duration.ofSeconds(4))
                .verifyHostname(false).maxRejectionBodyBytes(10).transports("websocket").build();
        ClientOptions b = a.toBuilder().header("X-B", "3").build();

        assertThat(b.headers()).containsEntry("X-A", List.of("1", "2")).containsEntry("X-B", List.of("3"));
        assertThat(a.headers()).doesNotContainKey("X-B");
        assertThat(b.subprotocols()).containsExactly("p1", "p2");
        assertThat(b.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(b.handshakeTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.verifyHostname()).isFalse();
        assertThat(b.maxRejectionBodyBytes()).isEqualTo(10);
        assertThat(b.transports()).containsExactly("websocket");
    }

    @Test
    void refusesHeadersTheHandshakeSetsItself() {
        assertThatThrownBy(() -> ClientOptions.builder().header("Sec-WebSocket-Protocol", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header Sec-WebSocket-Protocol is set by the WebSocket handshake itself "
                        + "and cannot be given; use subprotocols(...)");
        assertThatThrownBy(() -> ClientOptions.builder().header("Host", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientOptions.builder().header("X-Bad", "a\r\nInjected: yes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid header: X-Bad");
    }

    @Test
    void refusesSubprotocolsThatAreNotTokens() {
        assertThatThrownBy(() -> ClientOptions.builder().subprotocols("chat v2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid subprotocol name: \"chat v2\"");
    }

    @Test
    void refusesZeroTimeoutsAndMissingCertificateFiles() {
        assertThatThrownBy(() -> ClientOptions.builder().connectTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("connectTimeout must be > 0, was PT0S");
        assertThatThrownBy(() -> ClientOptions.builder().trustedCertificates(Path.of("/no/such.pem")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no such certificate file: /no/such.pem");
    }
}
