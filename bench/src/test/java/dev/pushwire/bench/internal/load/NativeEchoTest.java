package dev.pushwire.bench.internal.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.bench.internal.peer.Peer;
import dev.pushwire.bench.internal.peer.PeerProcess;
import dev.pushwire.bench.internal.scenario.BenchSettings;
import dev.pushwire.bench.internal.scenario.EchoScenario;
import dev.pushwire.bench.internal.scenario.Metric;
import dev.pushwire.bench.internal.scenario.ScenarioResult;
import dev.pushwire.testkit.ExternalTool;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C echo generator ({@code bench/src/main/c/wsecho.c}), compiled here with the machine's C compiler (a missing
 * compiler fails the test under CI=true, skips it elsewhere): driven by {@link EchoScenario} against the raw Netty
 * peer it counts echoes with no errors and reports its own CPU; on epoll too; and against servers that answer
 * wrongly it counts what it must (a changed byte, a wrong handshake), as a user comparing servers relies on.
 */
@Timeout(120)
class NativeEchoTest {
    @TempDir
    static Path dir;

    static Path binary;
    static PeerProcess netty;

    @BeforeAll
    static void buildAndStartPeer() throws Exception {
        Path cc = ExternalTool.CC.require();
        binary = dir.resolve("wsecho");
        NativeEcho.build(cc, NativeEcho.source().orElseThrow(), binary);
        netty = PeerProcess.start(Peer.NETTY,
                PeerProcess.Launch.fromThisJvm(List.of("-Xmx256m"), Path.of("peers/node")));
    }

    @AfterAll
    static void stopPeer() throws InterruptedException {
        if (netty != null) {
            netty.close();
        }
    }

    @Test
    void echoScenarioOnTheCGeneratorCountsValidatedEchoesAndItsOwnCpu() throws Exception {
        BenchSettings settings = new BenchSettings(Duration.ofMillis(300), Duration.ofSeconds(1), 2, 0, 128, 10_000,
                Duration.ofMillis(200), 1, Duration.ofSeconds(1), ClientTransport.parse("auto"), Duration.ZERO,
                EchoGenerator.c(binary));

        ScenarioResult small = new EchoScenario(20, 4, 32).run(netty, settings);
        assertThat(small.metric(Metric.ERRORS)).as(small.notes().toString()).isZero();
        assertThat(small.metric(Metric.CONNECTIONS)).isEqualTo(20.0);
        assertThat(small.metric(Metric.RATE)).isGreaterThan(100.0);
        assertThat(small.metric(Metric.P50)).isPositive().isLessThanOrEqualTo(small.metric(Metric.P99));
        assertThat(small.metric(Metric.CLIENT_CPU)).as("the generator's own CPU, from /proc").isPositive();
        assertThat(small.metric(Metric.SERVER_CPU)).isPositive();
        assertThat(small.metric(Metric.CLIENT_BOUND)).isIn(0.0, 1.0);
        assertThat(small.notes()).anyMatch(n -> n.startsWith("generator: c (" + binary + "), 2 threads on "));

        // 70,000 bytes: a 64-bit length, sends and reads in pieces
        ScenarioResult large = new EchoScenario(3, 2, 70_000).run(netty, settings);
        assertThat(large.metric(Metric.ERRORS)).as(large.notes().toString()).isZero();
        assertThat(large.metric(Metric.RATE)).isPositive();
    }

    @Test
    void onEpollToo() throws Exception {
        Map<String, String> result = run(netty.port(), "-c", "10", "-k", "2", "-s", "300", "-e", "epoll");
        assertThat(result).containsEntry("io", "epoll").containsEntry("errors", "0").containsEntry("closed", "0")
                .containsEntry("connections", "10");
        assertThat(Long.parseLong(result.get("completed"))).isPositive();
    }

    @Test
    void countsEveryEchoWhoseBytesDifferFromWhatWasSent() throws Exception {
        try (FakeServer server = new FakeServer(true, true, -1)) {
            Map<String, String> result = run(server.port(), "-c", "2", "-k", "1", "-s", "40");
            long completed = Long.parseLong(result.get("completed"));
            assertThat(completed).isPositive();
            // errors count over warm-up and window, completed echoes over the window only
            assertThat(Long.parseLong(result.get("errors"))).as("an error per echo").isGreaterThanOrEqualTo(completed);
        }
    }

    @Test
    void countsConnectionsTheServerClosesDuringTheRunOnBothLoops() throws Exception {
        for (String io : List.of("io_uring", "epoll")) {
            try (FakeServer server = new FakeServer(true, false, 5)) {
                Map<String, String> result = run(server.port(), "-c", "3", "-k", "1", "-s", "40", "-e", io);
                assertThat(result).as(io).containsEntry("closed", "3").containsEntry("connections", "3");
            }
        }
    }

    @Test
    void refusesAServerWhoseAcceptHeaderIsWrong() throws Exception {
        try (FakeServer server = new FakeServer(false, false, -1)) {
            Process p = new ProcessBuilder(binary.toString(), "-p", Integer.toString(server.port()), "-c", "3",
                    "-w", "0", "-m", "100").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isEqualTo(1);
            assertThat(out).contains("open connections=0 failures=3");
        }
    }

    /** Runs the binary for 0.2 s + 0.5 s with {@code args} and returns its open and result lines' fields. */
    private static Map<String, String> run(int port, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-p", Integer.toString(port), "-w", "200",
                "-m", "500"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        Map<String, String> fields = new HashMap<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("open ") || line.startsWith("result ")) {
                for (String part : line.split(" ")) {
                    int eq = part.indexOf('=');
                    if (eq > 0) {
                        fields.put(part.substring(0, eq), part.substring(eq + 1));
                    }
                }
            }
        }
        assertThat(out).contains("window-open", "window-close");
        return fields;
    }

    /**
     * A WebSocket server on loopback that answers the handshake (with the right or a wrong accept value) and echoes
     * each text frame, with its first byte changed when {@code corrupt}; closes a connection after
     * {@code closeAfter} echoes (-1: never). One thread per connection.
     */
    private static final class FakeServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final boolean rightAccept;
        private final boolean corrupt;
        private final int closeAfter;

        FakeServer(boolean rightAccept, boolean corrupt, int closeAfter) throws IOException {
            this.rightAccept = rightAccept;
            this.corrupt = corrupt;
            this.closeAfter = closeAfter;
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        Thread t = new Thread(() -> serve(s), "fake-ws");
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "fake-ws-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve(Socket s) {
            try (s; DataInputStream in = new DataInputStream(s.getInputStream());
                 OutputStream out = s.getOutputStream()) {
                String key = null;
                for (String line; !(line = readLine(in)).isEmpty(); ) {
                    if (line.toLowerCase(java.util.Locale.ROOT).startsWith("sec-websocket-key:")) {
                        key = line.substring(line.indexOf(':') + 1).trim();
                    }
                }
                String guid = rightAccept ? "258EAFA5-E914-47DA-95CA-C5AB0DC85B11" : "not the RFC's GUID";
                byte[] digest = MessageDigest.getInstance("SHA-1")
                        .digest((key + guid).getBytes(StandardCharsets.US_ASCII));
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(digest) + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                for (int echoed = 0; echoed != closeAfter; echoed++) {
                    int b0 = in.readUnsignedByte();
                    int b1 = in.readUnsignedByte();
                    int len = b1 & 0x7f;
                    if (len == 126) {
                        len = in.readUnsignedShort();
                    } else if (len == 127) {
                        throw new IOException("not needed here");
                    }
                    byte[] mask = new byte[4];
                    in.readFully(mask);
                    byte[] payload = new byte[len];
                    in.readFully(payload);
                    for (int i = 0; i < len; i++) {
                        payload[i] ^= mask[i & 3];
                    }
                    if (corrupt) {
                        payload[0] ^= 1;
                    }
                    byte[] header = len < 126 ? new byte[] {(byte) b0, (byte) len}
                            : new byte[] {(byte) b0, 126, (byte) (len >> 8), (byte) len};
                    out.write(header);
                    out.write(payload);
                    out.flush();
                }
            } catch (Exception e) {
                // the generator closed the connection
            }
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int c; (c = in.read()) != '\n'; ) {
                if (c < 0) {
                    throw new IOException("closed");
                }
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
