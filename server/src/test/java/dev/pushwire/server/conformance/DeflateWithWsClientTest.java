package dev.pushwire.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.server.PushwireServer;
import dev.pushwire.testkit.NettyLeakCheck;
import dev.pushwire.testkit.NodeProcess;
import dev.pushwire.testkit.NodeProject;
import dev.pushwire.websocket.DeflateOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * permessage-deflate against a real peer: Node's {@code ws} client ({@code testkit/node/client.js --deflate})
 * compresses whole and fragmented messages with context takeover, and inflates our compressed echoes.
 */
@ExtendWith(NettyLeakCheck.class)
class DeflateWithWsClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private PushwireServer server;
    private NodeProcess client;

    @BeforeEach
    void start() {
        server = PushwireServer.builder().host("127.0.0.1").port(0)
                .deflate(DeflateOptions.builder().build()).build();
        server.endpoint("/echo", conn -> conn.onMessage(msg -> conn.send(msg, null)));
        server.start();
        client = NodeProject.start("client.js", "ws://127.0.0.1:" + server.port() + "/echo", "--deflate");
        assertThat(client.awaitLineStartingWith("open", TIMEOUT)).contains("permessage-deflate");
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void echoesWholeAndFragmentedCompressedMessagesOfWs() {
        for (int i = 0; i < 3; i++) {
            String whole = ("message " + i + ", compressed by ws with context takeover; ").repeat(60);
            client.writeLine("send " + whole);
            assertThat(line("message text message " + i)).isEqualTo("message text " + whole);
        }
        String first = "f".repeat(1500); // ws compresses a fragmented message when its first part passes 1 KiB
        String parts = first + "|short|" + "tail ".repeat(300);
        client.writeLine("send-fragments " + parts);
        assertThat(line("message text fff")).isEqualTo("message text " + parts.replace("|", ""));
        client.writeLine("close 1000 done");
        assertThat(line("close")).startsWith("close 1000"); // our answer echoes the code, not the reason
    }

    /** The next line of the client starting with {@code prefix}, whole. */
    private String line(String prefix) {
        return prefix + client.awaitLineStartingWith(prefix, TIMEOUT);
    }
}
