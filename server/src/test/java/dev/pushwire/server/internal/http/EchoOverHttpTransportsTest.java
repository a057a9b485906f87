package dev.pushwire.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.core.Message;
import dev.pushwire.server.HttpTransportOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EchoOverHttpTransportsTest {
    private TestHttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestHttpServer(HttpTransportOptions.DEFAULT, List.of());
        server.endpoint("/echo", ConnectionLimits.DEFAULT, conn -> conn.onMessage(m -> conn.send(m, null)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "longpolling", "polling"})
    void echoesTenThousandMessagesEachWayInOrderTextBinaryAndUnicode(String transport) throws Exception {
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            sent.add(switch (i % 4) {
                case 0 -> Message.text("message " + i);
                case 1 -> Message.text("ünïcödé ✓ 😀 line\nbreak \"quoted\" #" + i);
                case 2 -> Message.binary(new byte[] {(byte) i, (byte) (i >> 8), 0, (byte) 0xff, '\n'});
                default -> Message.binary(new byte[0]);
            });
        }
        try (SessionTestClient client = new SessionTestClient(server.url("/echo"), transport).start()) {
            sent.forEach(client::send);
            await().atMost(Duration.ofSeconds(60)).until(() -> client.received.size() >= sent.size()
                    || !client.errors.isEmpty());
            assertThat(client.errors).isEmpty();
            assertThat(client.received).containsExactlyElementsOf(sent);
            assertThat(server.connections()).hasSize(1)
                    .allSatisfy(c -> assertThat(c.transport()).isEqualTo(transport));
        }
    }
}
