package dev.pushwire.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.core.Message;
import dev.pushwire.core.internal.session.WireForms;
import dev.pushwire.server.HttpTransportOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SSE wire format of docs/protocol.md section 4.2, byte for byte on a raw socket, and the encode-once fan-out:
 * a message sent to many sessions is encoded once per format.
 */
class SseWireFormatTest {
    /** No space after the colons, but where the text's own line starts with one (a reader drops one). */
    private static final String EVENTS = "id:1\ndata:hello\n\n"
            + "id:2\ndata:two\ndata:lines\n\n"
            + "event:b\nid:3\ndata:AAEC\n\n"
            + "event:j\nid:4\ndata:\"cr\\r\\nlf \\\"q\\\"\"\n\n"
            + "id:5\ndata:\n\n"
            + "id:6\ndata:  lead\ndata:  \ndata:x\n\n";
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private TestHttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start() {
        server = new TestHttpServer(HttpTransportOptions.DEFAULT, List.of());
        server.endpoint("/w", ConnectionLimits.DEFAULT, conn -> {
            connections.add(conn);
            conn.send("hello");
            conn.send("two\nlines");
            conn.send(new byte[] {0, 1, 2});
            conn.send("cr\r\nlf \"q\"");
            conn.send("");
            conn.send(" lead\n \nx");
        });
        server.endpoint("/bye", ConnectionLimits.DEFAULT, conn -> {
            conn.send("last");
            conn.close(4100, "done");
        });
        server.endpoint("/fan", ConnectionLimits.DEFAULT, connections::add);
    }

    @Test
    void writesTextAsDataLinesBinaryAsEventBAndCarriageReturnsAsEventJ() throws Exception {
        start();
        try (RawSse s = new RawSse(server.port(), "/w?transport=sse", null)) {
            String body = s.readUntil(EVENTS);
            Matcher open = Pattern.compile("^retry:1000\n\nevent:open\ndata:(\\{\"sid\":\"[^\"]+\"[^\n]*\\})\n\n")
                    .matcher(body);
            assertThat(open.find()).as(body).isTrue();
            assertThat(open.group(1)).contains("\"ackMs\":10000");
            assertThat(body.substring(open.end())).isEqualTo(EVENTS);
        }
    }

    @Test
    void aServerCloseEndsTheStreamWithTheCloseEventAndTheLastChunk() throws Exception {
        start();
        try (RawSse s = new RawSse(server.port(), "/bye?transport=sse", null)) {
            String close = "id:1\ndata:last\n\nevent:close\ndata:{\"code\":4100,\"reason\":\"done\",\"received\":0}\n\n";
            assertThat(s.readUntil(close)).endsWith(close);
            assertThat(s.line()).isEqualTo("0");
            assertThat(s.line()).isEmpty();
        }
    }

    @Test
    void aStreamResumedWithLastEventIdRepeatsOnlyWhatFollows() throws Exception {
        start();
        String sid;
        try (RawSse s = new RawSse(server.port(), "/w?transport=sse", null)) {
            sid = sidOf(s);
        }
        String rest = EVENTS.substring(EVENTS.indexOf("event:j"));
        try (RawSse s = new RawSse(server.port(), "/w?transport=sse&sid=" + sid, "3")) {
            assertThat(s.readUntil(rest)).isEqualTo("retry:1000\n\n" + rest);
        }
    }

    @Test
    void aBareAcknowledgementIsAnswered204WithNoHeaderItDoesNotNeed() throws Exception {
        start();
        String sid;
        try (RawSse s = new RawSse(server.port(), "/w?transport=sse", null)) {
            sid = sidOf(s);
            assertThat(connections.get(0).bufferedAmount()).isPositive();
            try (Socket post = new Socket("127.0.0.1", server.port())) {
                post.setSoTimeout(10_000);
                post.getOutputStream().write(("POST /w?transport=sse&sid=" + sid + "&ack=6 HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: 2\r\n\r\n[]")
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = "HTTP/1.1 204 No Content\r\n\r\n";
                byte[] got = post.getInputStream().readNBytes(answer.length());
                assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo(answer);
                post.setSoTimeout(300);
                assertThat(readsNothingMore(post)).isTrue(); // no body, and the connection stays open
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> connections.get(0).bufferedAmount() == 0);
        }
    }

    /** Whether nothing more arrives within the socket's read timeout (a closed connection is something). */
    private static boolean readsNothingMore(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() == -2;
        } catch (java.net.SocketTimeoutException e) {
            return true;
        }
    }

    @Test
    void aMessageFannedOutToManySessionsIsEncodedOncePerFormat() throws Exception {
        start();
        List<SessionTestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                clients.add(new SessionTestClient(server.url("/fan"), i % 2 == 0 ? "sse" : "longpolling").start());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> connections.size() == clients.size());
            Message shared = Message.encodedText("to everyone \"quoted\"");
            for (Connection c : connections) {
                c.send(shared, null);
            }
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> clients.stream().allMatch(c -> c.received.size() == 1));
            for (SessionTestClient c : clients) {
                assertThat(c.received).containsExactly(Message.text("to everyone \"quoted\""));
            }
            WireForms forms = WireForms.of(shared);
            assertThat(forms.sseEncodings()).isEqualTo(1);
            assertThat(forms.jsonEncodings()).isEqualTo(1);
        } finally {
            clients.forEach(SessionTestClient::close);
        }
    }

    /** Reads the stream up to the expected events and returns the session id of its open event. */
    private static String sidOf(RawSse s) throws IOException {
        Matcher m = Pattern.compile("\"sid\":\"([^\"]+)\"").matcher(s.readUntil(EVENTS));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** An SSE request on a raw socket: the response body, de-chunked, as it arrives. */
    private static final class RawSse implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        RawSse(int port, String path, String lastEventId) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                    + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in = socket.getInputStream();
            String head = line();
            assertThat(head).startsWith("HTTP/1.1 200");
            String h;
            while (!(h = line()).isEmpty()) {
                if (h.toLowerCase(java.util.Locale.ROOT).startsWith("transfer-encoding")) {
                    assertThat(h).containsIgnoringCase("chunked");
                }
            }
        }

        /** Reads chunks until the body ends with {@code end}; returns the whole body so far. */
        String readUntil(String end) throws IOException {
            while (!body.toString(StandardCharsets.UTF_8).endsWith(end)) {
                int size = Integer.parseInt(line().trim(), 16);
                body.write(in.readNBytes(size));
                assertThat(line()).isEmpty();
            }
            return body.toString(StandardCharsets.UTF_8);
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("connection closed; body so far: " + body.toString(StandardCharsets.UTF_8));
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
