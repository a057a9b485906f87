package dev.pushwire.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.testkit.NginxProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code pushwire connect} as a real process (the fat jar) against {@code pushwire serve} as another. */
class ConnectCommandIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static PushwireServeProcess server;

    @BeforeAll
    static void startServer() {
        server = PushwireServeProcess.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void executeSendsOneMessagePrintsTheEchoAndExitsZero() {
        try (RunningProcess connect = connect(server.ws("/echo"), "--execute", "hi")) {
            assertThat(connect.awaitExit(TIMEOUT)).as(connect.output()).isZero();
            assertThat(connect.stdout()).containsExactly("hi");
        }
    }

    @Test
    void executeWithBinarySendsABinaryMessageAndPrintsTheEcho() {
        try (RunningProcess connect = connect(server.ws("/echo"), "--binary", "--execute", "héllo")) {
            assertThat(connect.awaitExit(TIMEOUT)).as(connect.output()).isZero();
            assertThat(connect.stdout()).containsExactly("héllo");
        }
    }

    @Test
    void executeWorksOnEveryHttpTransport() {
        for (String transport : List.of("sse", "longpolling", "polling")) {
            try (RunningProcess connect = connect(server.ws("/echo"), "--transport", transport, "--execute",
                    "over " + transport)) {
                assertThat(connect.awaitExit(TIMEOUT)).as(connect.output()).isZero();
                assertThat(connect.stdout()).containsExactly("over " + transport);
            }
        }
    }

    @Test
    void withoutTransportFallsBackThroughAProxyThatStripsTheUpgrade() {
        try (NginxProxy nginx = NginxProxy.start(server.port(), Duration.ofSeconds(10), false)) {
            String url = "ws://127.0.0.1:" + nginx.port() + "/echo";
            try (RunningProcess connect = connect(url, "--execute", "through nginx")) {
                assertThat(connect.awaitExit(TIMEOUT)).as(connect.output() + nginx.log()).isZero();
                assertThat(connect.stdout()).containsExactly("through nginx");
            }
            try (RunningProcess websocketOnly = connect(url, "--transport", "websocket", "--execute", "hi")) {
                assertThat(websocketOnly.awaitExit(TIMEOUT)).as(websocketOnly.output()).isEqualTo(1);
                assertThat(String.join("\n", websocketOnly.stderr())).as(websocketOnly.output())
                        .contains("pushwire connect: cannot connect to " + url + ": the server refused the upgrade")
                        .doesNotContain("sse");
            }
        }
    }

    @Test
    void executeAgainstTheSeedRoutePrintsServerHello() {
        try (RunningProcess connect = connect(server.ws("/"), "-x", "from connect")) {
            assertThat(connect.awaitExit(TIMEOUT)).as(connect.output()).isZero();
            assertThat(connect.stdout()).containsExactly("server hello");
        }
        server.process().awaitStdout("'received: from connect' in the server log",
                l -> l.endsWith("received: from connect"), TIMEOUT);
    }

    @Test
    void closedPortExitsNonZeroSayingTheConnectionWasRefused() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String url = "ws://127.0.0.1:" + closedPort + "/echo";
        try (RunningProcess connect = connect(url, "--execute", "hi")) {
            assertThat(connect.awaitExit(TIMEOUT)).as(connect.output()).isEqualTo(1);
            assertThat(connect.stdout()).isEmpty();
            assertThat(String.join("\n", connect.stderr())).as(connect.output())
                    .contains("pushwire connect: cannot connect to " + url)
                    .containsIgnoringCase("refused")
                    .doesNotContain("sse"); // refused once, without trying the HTTP transports
        }
    }

    @Test
    void silentServerExitsNonZeroSayingItTimedOut() throws IOException {
        // The kernel completes the TCP handshake into the backlog, but nothing ever answers the upgrade.
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            String url = "ws://127.0.0.1:" + silent.getLocalPort() + "/echo";
            try (RunningProcess connect = connect(url, "--connect-timeout", "1s", "--execute", "hi")) {
                assertThat(connect.awaitExit(TIMEOUT)).as(connect.output()).isEqualTo(1);
                assertThat(String.join("\n", connect.stderr())).as(connect.output())
                        .contains("pushwire connect: cannot connect to " + url + ": timed out")
                        .contains("websocket: no answer to the WebSocket upgrade within PT1S")
                        .contains("; polling: not open within PT2S")
                        .contains("--connect-timeout");
            }
        }
    }

    @Test
    void unknownPathExitsNonZeroWithTheHttpStatusOfTheRejectedUpgrade() {
        String url = server.ws("/no-such-endpoint");
        try (RunningProcess connect = connect(url, "--execute", "hi")) {
            assertThat(connect.awaitExit(TIMEOUT)).as(connect.output()).isEqualTo(1);
            assertThat(String.join("\n", connect.stderr())).as(connect.output())
                    .contains("pushwire connect: cannot connect to " + url + ": no transport could open: websocket: ")
                    .contains("404")
                    .contains("; sse: the server answered HTTP 404");
        }
    }

    @Test
    void notAWebSocketUrlIsAUsageErrorWithExitTwo() {
        try (RunningProcess connect = connect("ftp://127.0.0.1/echo", "--execute", "hi")) {
            assertThat(connect.awaitExit(TIMEOUT)).as(connect.output()).isEqualTo(2);
            assertThat(String.join("\n", connect.stderr())).contains("ws://").contains("wss://");
        }
    }

    private static RunningProcess connect(String url, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("connect", url));
        all.addAll(List.of(args));
        return RunningProcess.pushwireJar(List.of(), all);
    }
}
