package dev.pushwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The socket transport is chosen at start, reported, and serves the same echo whichever it is. */
class IoTransportTest {

    @ParameterizedTest
    @EnumSource(IoTransport.class)
    void echoesOnEveryTransportAndReportsTheOneInUse(IoTransport asked) throws Exception {
        IoTransport expected = switch (asked) {
            case AUTO, IO_URING -> IoUring.isAvailable() ? IoTransport.IO_URING
                    : Epoll.isAvailable() ? IoTransport.EPOLL : IoTransport.NIO;
            case EPOLL -> Epoll.isAvailable() ? IoTransport.EPOLL : IoTransport.NIO;
            case NIO -> IoTransport.NIO;
        };
        try (PushwireServer server = PushwireServer.builder().host("127.0.0.1").port(0).ioTransport(asked).build()) {
            server.endpoint("/echo", conn -> conn.onMessage(msg -> conn.send(msg, null)));
            server.start();
            assertThat(server.ioTransport()).isEqualTo(expected);
            List<TestWebSocketClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) { // more connections than loops: every loop serves one
                    clients.add(TestWebSocketClient.to("ws://127.0.0.1:" + server.port() + "/echo").connect());
                }
                for (int i = 0; i < clients.size(); i++) {
                    clients.get(i).sendText("on " + asked + " #" + i);
                    clients.get(i).sendBinary(new byte[70_000]);
                }
                for (int i = 0; i < clients.size(); i++) {
                    assertThat(clients.get(i).nextText()).isEqualTo("on " + asked + " #" + i);
                    assertThat(clients.get(i).nextBinary()).hasSize(70_000);
                }
            } finally {
                for (TestWebSocketClient c : clients) {
                    c.close();
                }
            }
        }
    }

    @Test
    void parsesTheSettingsNames() {
        assertThat(IoTransport.parse("auto")).isEqualTo(IoTransport.AUTO);
        assertThat(IoTransport.parse("io_uring")).isEqualTo(IoTransport.IO_URING);
        assertThat(IoTransport.parse("IO-URING")).isEqualTo(IoTransport.IO_URING);
        assertThat(IoTransport.parse(" epoll ")).isEqualTo(IoTransport.EPOLL);
        assertThat(IoTransport.parse("nio")).isEqualTo(IoTransport.NIO);
        assertThat(IoTransport.IO_URING.settingName()).isEqualTo("io_uring");
        assertThatThrownBy(() -> IoTransport.parse("kqueue")).hasMessageContaining("auto, io_uring, epoll or nio");
    }
}
