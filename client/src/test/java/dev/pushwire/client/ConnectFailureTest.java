package dev.pushwire.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pushwire.client.ConnectFailedException.Reason;
import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.ReadyState;
import dev.pushwire.testkit.NodeProcess;
import dev.pushwire.testkit.NodeProject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every way opening a connection can fail ends in one clear {@link ConnectFailedException}, error then close 1006.
 * The WebSocket failures are tried with {@code transports("websocket")}, so the HTTP fallbacks (see
 * {@link TransportFallbackTest}) do not follow them.
 */
class ConnectFailureTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final ClientOptions WS_ONLY = ClientOptions.builder().transports("websocket").build();

    @Test
    void refusedConnectionFailsAtOnceWithRefusedWithoutTryingTheHttpTransportsAndClosesWith1006()
            throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThat(ClientOptions.DEFAULT.transports()).hasSize(4);
        long start = System.nanoTime();
        PushwireClient ws = PushwireClient.connect("ws://127.0.0.1:" + port + "/"); // the default: every transport
        Events events = Events.of(ws);

        assertThatThrownBy(() -> ws.awaitOpen(DEADLINE))
                .isInstanceOfSatisfying(ConnectFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.REFUSED);
                    assertThat(e.attempts()).as("only the WebSocket was tried").hasSize(1);
                })
                .hasMessageContaining("ws://127.0.0.1:" + port + "/")
                .hasMessageContaining("connection refused")
                .hasMessageNotContaining("sse");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("fails fast").isLessThan(Duration.ofSeconds(3));
        assertThat(ws.transport()).isEqualTo("websocket");
        await().atMost(DEADLINE).until(() -> events.closes.size() == 1);
        assertThat(events.errors).singleElement().isInstanceOf(ConnectFailedException.class);
        assertThat(events.closes.get(0).code()).isEqualTo(1006);
        assertThat(events.closes.get(0).clean()).isFalse();
        assertThat(ws.readyState()).isEqualTo(ReadyState.CLOSED);
        assertThat(events.opens).isEmpty();
    }

    @Test
    void refusedUpgradeReportsTheHttpStatusAndBody() {
        String body = "{\"error\":\"unauthorized\",\"message\":\"no token\"}";
        try (NodeProcess server = NodeProject.start("status-server.js", "0", "401", body)) {
            int port = server.awaitListeningPort(DEADLINE);
            PushwireClient ws = PushwireClient.connect(URI.create("ws://127.0.0.1:" + port + "/chat"), WS_ONLY);

            assertThatThrownBy(() -> ws.awaitOpen(DEADLINE))
                    .isInstanceOfSatisfying(ConnectFailedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.REJECTED);
                        assertThat(e.status()).isEqualTo(401);
                        assertThat(e.responseBody()).isEqualTo(body);
                    })
                    .hasMessage("ws://127.0.0.1:" + port + "/chat: the server refused the upgrade with HTTP 401 "
                            + "Unauthorized: " + body);
            assertThat(server.awaitLine(l -> l.startsWith("request "), DEADLINE)).isEqualTo("request GET /chat");
        }
    }

    @Test
    void refusedUpgradeKeepsOnlyTheStartOfALongBody() {
        try (NodeProcess server = NodeProject.start("status-server.js", "0", "503", "x".repeat(5000))) {
            int port = server.awaitListeningPort(DEADLINE);
            PushwireClient ws = PushwireClient.connect(URI.create("ws://127.0.0.1:" + port + "/"),
                    WS_ONLY.toBuilder().maxRejectionBodyBytes(100).build());

            assertThatThrownBy(() -> ws.awaitOpen(DEADLINE))
                    .isInstanceOfSatisfying(ConnectFailedException.class, e -> {
                        assertThat(e.status()).isEqualTo(503);
                        assertThat(e.responseBody()).isEqualTo("x".repeat(100));
                    });
        }
    }

    @Test
    void serverThatNeverAnswersTheUpgradeFailsWithHandshakeTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            PushwireClient ws = PushwireClient.connect(URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/"),
                    WS_ONLY.toBuilder().handshakeTimeout(Duration.ofMillis(300)).build());
            try (Socket accepted = silent.accept()) {
                assertThatThrownBy(() -> ws.awaitOpen(DEADLINE))
                        .isInstanceOfSatisfying(ConnectFailedException.class,
                                e -> assertThat(e.reason()).isEqualTo(Reason.HANDSHAKE_TIMEOUT))
                        .hasMessageContaining("no answer to the WebSocket upgrade within PT0.3S");
                assertThat(accepted.getInputStream().readAllBytes()).as("the client closed the socket").isNotEmpty();
            }
        }
    }

    @Test
    void serverThatClosesDuringTheHandshakeFailsWithIo() throws Exception {
        try (ServerSocket rude = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            PushwireClient ws = PushwireClient.connect(URI.create("ws://127.0.0.1:" + rude.getLocalPort() + "/"),
                    WS_ONLY);
            try (Socket accepted = rude.accept()) {
                readRequestHead(accepted);
            }
            assertThatThrownBy(() -> ws.awaitOpen(DEADLINE))
                    .isInstanceOfSatisfying(ConnectFailedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IO))
                    .hasMessageContaining("the server closed the connection during the WebSocket handshake");
        }
    }

    @Test
    void switchingProtocolsWithAWrongAcceptKeyFailsAsInvalidHandshake() throws Exception {
        try (ServerSocket liar = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            PushwireClient ws = PushwireClient.connect(URI.create("ws://127.0.0.1:" + liar.getLocalPort() + "/"),
                    WS_ONLY);
            try (Socket accepted = liar.accept()) {
                readRequestHead(accepted);
                OutputStream out = accepted.getOutputStream();
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: bm90IHRoZSByaWdodCBrZXk=\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThatThrownBy(() -> ws.awaitOpen(DEADLINE))
                        .isInstanceOfSatisfying(ConnectFailedException.class, e -> {
                            assertThat(e.reason()).isEqualTo(Reason.INVALID_HANDSHAKE);
                            assertThat(e.status()).isEqualTo(101);
                        })
                        .hasMessageContaining("not a valid WebSocket handshake");
            }
        }
    }

    @Test
    void closeWhileConnectingAbortsTheAttempt() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            PushwireClient ws = PushwireClient.connect("ws://127.0.0.1:" + silent.getLocalPort() + "/");
            Events events = Events.of(ws);
            ws.close();

            assertThatThrownBy(() -> ws.awaitOpen(DEADLINE))
                    .isInstanceOfSatisfying(ConnectFailedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.ABORTED))
                    .hasMessageContaining("before the connection was established");
            await().atMost(DEADLINE).until(() -> events.closes.size() == 1);
            assertThat(events.closes.get(0).code()).isEqualTo(1006);
            assertThat(ws.readyState()).isEqualTo(ReadyState.CLOSED);
        }
    }

    @Test
    void serverWhoseAcceptQueueIsFullFailsWithConnectTimeout() throws IOException {
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new java.util.ArrayList<>();
            try {
                // Never accepted: once the accept queue is full, the kernel drops further SYNs and connects hang.
                while (fillers.size() < 50) {
                    Socket s = new Socket();
                    fillers.add(s);
                    try {
                        s.connect(full.getLocalSocketAddress(), 200);
                    } catch (java.net.SocketTimeoutException e) {
                        break;
                    }
                }
                PushwireClient ws = PushwireClient.connect(URI.create("ws://127.0.0.1:" + full.getLocalPort() + "/"),
                        WS_ONLY.toBuilder().connectTimeout(Duration.ofMillis(500)).build());
                assertThatThrownBy(() -> ws.awaitOpen(DEADLINE))
                        .isInstanceOfSatisfying(ConnectFailedException.class,
                                e -> assertThat(e.reason()).isEqualTo(Reason.CONNECT_TIMEOUT))
                        .hasMessageContaining("not connected within PT0.5S (connectTimeout)");
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void terminateWhileConnectingAbortsTheAttempt() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            PushwireClient ws = PushwireClient.connect("ws://127.0.0.1:" + silent.getLocalPort() + "/");
            ws.terminate();
            assertThatThrownBy(() -> ws.awaitOpen(DEADLINE))
                    .isInstanceOfSatisfying(ConnectFailedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.ABORTED))
                    .hasMessageContaining("terminate() was called before the connection was established");
        }
    }

    @Test
    void awaitOpenGivesUpAfterItsTimeoutWhileTheAttemptGoesOn() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            PushwireClient ws = PushwireClient.connect("ws://127.0.0.1:" + silent.getLocalPort() + "/");
            assertThatThrownBy(() -> ws.awaitOpen(Duration.ofMillis(200)))
                    .isInstanceOfSatisfying(ConnectFailedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.AWAIT_TIMEOUT))
                    .hasMessageContaining("not open after PT0.2S (still CONNECTING)");
            assertThat(ws.readyState()).isEqualTo(ReadyState.CONNECTING);
            ws.terminate();
        }
    }

    @Test
    void unknownHostFailsWithUnknownHost() {
        PushwireClient ws = PushwireClient.connect("ws://no-such-host.invalid/");
        assertThatThrownBy(() -> ws.awaitOpen(Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(ConnectFailedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_HOST))
                .hasMessageContaining("unknown host no-such-host.invalid");
    }

    @Test
    void sendBeforeOpenReturnsFalseAndTellsTheCallback() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            PushwireClient ws = PushwireClient.connect("ws://127.0.0.1:" + silent.getLocalPort() + "/");
            List<Throwable> results = new CopyOnWriteArrayList<>();
            assertThat(ws.readyState()).isEqualTo(ReadyState.CONNECTING);
            assertThat(ws.send("too early", results::add)).isFalse();
            await().atMost(DEADLINE).until(() -> results.size() == 1);
            assertThat(results.get(0)).hasMessageContaining("is not open (CONNECTING)");
            ws.terminate();
        }
    }

    @Test
    void uriMustBeAWebSocketUri() {
        assertThatThrownBy(() -> PushwireClient.connect("ftp://localhost/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a WebSocket URI (ws:// or wss://): ftp://localhost/");
        assertThatThrownBy(() -> PushwireClient.connect("ws://localhost/#x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not have a fragment");
        PushwireClient ws = PushwireClient.connect("http://127.0.0.1:1");
        assertThat(ws.uri()).isEqualTo(URI.create("ws://127.0.0.1:1/"));
        ws.terminate();
    }

    private static void readRequestHead(Socket s) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            // skip to the end of the request head
        }
    }

    /** The events a client reported, collected from its listeners. */
    static final class Events {
        final List<Boolean> opens = new CopyOnWriteArrayList<>();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final List<CloseEvent> closes = new CopyOnWriteArrayList<>();

        static Events of(PushwireClient ws) {
            Events e = new Events();
            ws.onOpen(() -> e.opens.add(true));
            ws.onError((Consumer<Throwable>) e.errors::add);
            ws.onClose(e.closes::add);
            return e;
        }
    }
}
