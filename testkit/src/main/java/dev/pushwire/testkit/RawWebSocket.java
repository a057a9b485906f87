package dev.pushwire.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A deliberately naive WebSocket client for conformance and hostile-input tests: a blocking {@link Socket}, a
 * hand-written upgrade request, and frames written exactly as the test says (any bits, opcode, mask and length
 * encoding, fragmented or one byte at a time). Frames are read back with a deadline. No Netty, so it is independent
 * of what it tests.
 *
 * <p>Typical use:
 * <pre>{@code
 * try (RawWebSocket ws = RawWebSocket.connect(port, "/echo")) {
 *     ws.send(WsFrame.text("hi").rsv(WsFrame.RSV2));
 *     WsFrame close = ws.expectClose(Duration.ofSeconds(5));   // 1002 "..."
 *     assertThat(ws.awaitEndOfStream(Duration.ofSeconds(5))).isTrue();
 * }
 * }</pre>
 *
 * <p>Not thread safe, except that one thread may write while another reads (as with any socket).
 */
public final class RawWebSocket implements AutoCloseable {
    /** The largest payload {@link #readFrame} accepts before failing the test instead of allocating it. */
    public static final int MAX_READ_PAYLOAD = 64 * 1024 * 1024;

    private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private HandshakeResponse handshake; // set by readHandshakeResponse(); test-thread confined
    private String key; // the Sec-WebSocket-Key of the last request built; test-thread confined

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 8 * 1024);
        this.out = socket.getOutputStream();
    }

    /** Opens a TCP connection to 127.0.0.1:{@code port} and does nothing else (no handshake yet). */
    public static RawWebSocket open(int port) {
        return open(new InetSocketAddress("127.0.0.1", port));
    }

    /** Opens a TCP connection and does nothing else (no handshake yet). */
    public static RawWebSocket open(InetSocketAddress address) {
        return open(address, 0);
    }

    /**
     * Opens a TCP connection with a small receive buffer (set before connecting, so the TCP window stays small):
     * for a client that reads slowly or never, so that the server's side fills up quickly. 0 keeps the default.
     */
    public static RawWebSocket open(InetSocketAddress address, int receiveBufferBytes) {
        Socket socket = new Socket();
        try {
            if (receiveBufferBytes > 0) {
                socket.setReceiveBufferSize(receiveBufferBytes);
            }
            socket.setTcpNoDelay(true);
            socket.connect(address, (int) DEFAULT_TIMEOUT.toMillis());
            return new RawWebSocket(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("cannot connect to " + address, e);
        }
    }

    /**
     * Opens a TCP connection to 127.0.0.1:{@code port} from the local address {@code from} (any of 127.0.0.0/8 on
     * Linux), so that a test can be two client addresses at once. No handshake yet.
     */
    public static RawWebSocket openFrom(String from, int port) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) DEFAULT_TIMEOUT.toMillis());
            return new RawWebSocket(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port + " from " + from, e);
        }
    }

    /** Opens a connection and completes a standard upgrade on {@code path}; fails unless the answer is 101. */
    public static RawWebSocket connect(int port, String path) {
        return connect(port, path, Map.of());
    }

    /** Opens a connection and upgrades with extra (or overriding) headers; fails unless the answer is 101. */
    public static RawWebSocket connect(int port, String path, Map<String, String> headers) {
        RawWebSocket ws = open(port);
        try {
            HandshakeResponse response = ws.upgrade(path, headers);
            if (response.status() != 101) {
                throw new AssertionError("expected 101 Switching Protocols, got " + response);
            }
            if (!ws.expectedAccept().equals(response.header("sec-websocket-accept"))) {
                throw new AssertionError("wrong Sec-WebSocket-Accept in " + response);
            }
            return ws;
        } catch (RuntimeException | Error e) {
            ws.close();
            throw e;
        }
    }

    // ---- handshake ------------------------------------------------------------------------------------------

    /**
     * Builds a standard upgrade request for {@code path}. {@code headers} are added, and replace a standard header
     * of the same name; a header mapped to {@code null} is left out.
     */
    public byte[] upgradeRequest(String path, Map<String, String> headers) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        key = Base64.getEncoder().encodeToString(nonce);
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", "127.0.0.1:" + socket.getPort());
        all.put("Upgrade", "websocket");
        all.put("Connection", "Upgrade");
        all.put("Sec-WebSocket-Key", key);
        all.put("Sec-WebSocket-Version", "13");
        headers.forEach((name, value) -> {
            all.keySet().removeIf(n -> n.equalsIgnoreCase(name));
            all.put(name, value);
        });
        StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n");
        all.forEach((name, value) -> {
            if (value != null) {
                request.append(name).append(": ").append(value).append("\r\n");
            }
        });
        request.append("\r\n");
        return request.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Sends a standard upgrade request (plus {@code headers}) and reads the answer, whatever its status. */
    public HandshakeResponse upgrade(String path, Map<String, String> headers) {
        writeRaw(upgradeRequest(path, headers));
        return readHandshakeResponse(DEFAULT_TIMEOUT);
    }

    /** The Sec-WebSocket-Accept the server must answer for the last request built here. */
    public String expectedAccept() {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads an HTTP response head (and its body when it has a Content-Length and is not a 101) within
     * {@code timeout}.
     */
    public HandshakeResponse readHandshakeResponse(Duration timeout) {
        long deadline = deadline(timeout);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0; // the last four bytes read, to spot CRLF CRLF
        while (last4 != 0x0D0A0D0A) {
            int b = readByte(deadline);
            if (b < 0) {
                throw new AssertionError("connection closed before the end of the HTTP response head: "
                        + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            last4 = (last4 << 8) | b;
            if (head.size() > 64 * 1024) {
                throw new AssertionError("HTTP response head larger than 64 KiB");
            }
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        n -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = new byte[0];
        List<String> contentLength = headers.get("content-length");
        if (status != 101 && contentLength != null) {
            body = readFully(Integer.parseInt(contentLength.get(0)), deadline);
        }
        handshake = new HandshakeResponse(status, statusLine.length > 2 ? statusLine[2] : "", headers, body);
        return handshake;
    }

    /** The answer to the upgrade, or null before one was read. */
    public HandshakeResponse handshake() {
        return handshake;
    }

    // ---- writing --------------------------------------------------------------------------------------------

    /** Writes a frame as encoded by {@link WsFrame#encode()}. */
    public RawWebSocket send(WsFrame frame) {
        return writeRaw(frame.encode());
    }

    /** Writes several frames in one write (so the server likely reads them in one go). */
    public RawWebSocket sendAll(List<WsFrame> frames) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (WsFrame frame : frames) {
            byte[] bytes = frame.encode();
            all.write(bytes, 0, bytes.length);
        }
        return writeRaw(all.toByteArray());
    }

    /** Writes bytes as they are. */
    public RawWebSocket writeRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("write failed", e);
        }
    }

    /**
     * Writes {@code bytes} one byte per write with {@code gap} between bytes (blocking the caller for
     * {@code bytes.length * gap}). Stops early, returning false, if the peer closed the connection.
     */
    public boolean trickle(byte[] bytes, Duration gap) {
        try {
            for (byte b : bytes) {
                out.write(b);
                out.flush();
                if (!gap.isZero()) {
                    Thread.sleep(gap.toMillis()); // the pacing is what is under test here, not a wait
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---- reading --------------------------------------------------------------------------------------------

    /** Reads the next frame within {@code timeout}; fails the test on timeout or end of stream. */
    public WsFrame readFrame(Duration timeout) {
        long deadline = deadline(timeout);
        int b0 = readByte(deadline);
        if (b0 < 0) {
            throw new AssertionError("connection closed by the server while waiting for a frame",
                    new EOFException());
        }
        int b1 = readByteOrFail(deadline);
        boolean masked = (b1 & 0x80) != 0;
        long length = b1 & 0x7F;
        if (length == 126) {
            length = ((long) readByteOrFail(deadline) << 8) | readByteOrFail(deadline);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByteOrFail(deadline);
            }
        }
        if (length < 0 || length > MAX_READ_PAYLOAD) {
            throw new AssertionError("server frame claims " + Long.toUnsignedString(length) + " bytes");
        }
        byte[] key = masked ? readFully(4, deadline) : null;
        byte[] payload = readFully((int) length, deadline);
        if (masked) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= key[i & 3];
            }
        }
        return WsFrame.decoded((b0 & 0x80) != 0, (b0 >> 4) & 0x7, b0 & 0xF, masked, payload);
    }

    /**
     * Reads one whole data message within {@code timeout}: a text or binary frame and its continuations, returned
     * as one frame with the joined payload. Pings and pongs in between are skipped. Fails the test if a close frame
     * comes first (saying its code and reason), on timeout, or on end of stream.
     */
    public WsFrame readMessage(Duration timeout) {
        long deadline = deadline(timeout);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        WsFrame first = null;
        while (true) {
            WsFrame frame = readFrame(remaining(deadline));
            if (frame.opcode() == WsFrame.CLOSE) {
                throw new AssertionError("expected a message but the server closed: " + frame);
            }
            if (frame.opcode() == WsFrame.PING || frame.opcode() == WsFrame.PONG) {
                continue;
            }
            if (first == null) {
                if (frame.opcode() == WsFrame.CONTINUATION) {
                    throw new AssertionError("server sent a continuation frame without a start: " + frame);
                }
                first = frame;
            } else if (frame.opcode() != WsFrame.CONTINUATION) {
                throw new AssertionError("server started a new message inside a fragmented one: " + frame);
            }
            joined.write(frame.payload(), 0, frame.payload().length);
            if (frame.fin()) {
                return WsFrame.decoded(true, first.rsv(), first.opcode(), first.masked(), joined.toByteArray());
            }
        }
    }

    /**
     * Reads frames until a close frame and returns it, skipping data and other control frames; fails the test if
     * the connection ends (or {@code timeout} passes) without one.
     */
    public WsFrame expectClose(Duration timeout) {
        long deadline = deadline(timeout);
        List<WsFrame> skipped = new ArrayList<>();
        while (true) {
            WsFrame frame;
            try {
                frame = readFrame(remaining(deadline));
            } catch (AssertionError e) {
                throw new AssertionError("no close frame (" + e.getMessage() + "); frames before: " + skipped, e);
            }
            if (frame.opcode() == WsFrame.CLOSE) {
                return frame;
            }
            if (skipped.size() < 20) {
                skipped.add(frame);
            }
        }
    }

    /**
     * Waits for the server to end the TCP connection (end of stream or reset) within {@code timeout}, discarding
     * anything still received. Returns false on timeout.
     */
    public boolean awaitEndOfStream(Duration timeout) {
        long deadline = deadline(timeout);
        byte[] sink = new byte[8192];
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
                if (in.read(sink) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset by the peer, or closed
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- lifecycle ------------------------------------------------------------------------------------------

    /** The underlying socket (to set linger, half-close output, read the local port...). */
    public Socket socket() {
        return socket;
    }

    /** Closes the TCP connection abruptly with a reset (SO_LINGER 0), no close frame. */
    public void abort() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        close();
    }

    /** Closes the TCP connection (no close frame). */
    @Override
    public void close() {
        closeQuietly(socket);
    }

    // ---- internals ------------------------------------------------------------------------------------------

    private static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }

    private int readByteOrFail(long deadline) {
        int b = readByte(deadline);
        if (b < 0) {
            throw new AssertionError("connection closed by the server in the middle of a frame");
        }
        return b;
    }

    /** One byte, or -1 at end of stream (a reset counts as end of stream); fails the test at the deadline. */
    private int readByte(long deadline) {
        try {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out waiting for data from the server");
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            return in.read();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("timed out waiting for data from the server");
        } catch (SocketException e) {
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] readFully(int length, long deadline) {
        byte[] buffer = new byte[length];
        int done = 0;
        try {
            while (done < length) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out after " + done + " of " + length + " payload bytes");
                }
                socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
                int n = in.read(buffer, done, length - done);
                if (n < 0) {
                    throw new AssertionError("connection closed after " + done + " of " + length + " bytes");
                }
                done += n;
            }
            return buffer;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("timed out after " + done + " of " + length + " payload bytes");
        } catch (IOException e) {
            throw new AssertionError("connection failed after " + done + " of " + length + " bytes: " + e, e);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** The server's answer to an upgrade request. */
    public static final class HandshakeResponse {
        private final int status;
        private final String reasonPhrase;
        private final Map<String, List<String>> headers;
        private final byte[] body;

        HandshakeResponse(int status, String reasonPhrase, Map<String, List<String>> headers, byte[] body) {
            this.status = status;
            this.reasonPhrase = reasonPhrase;
            this.headers = headers;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String reasonPhrase() {
            return reasonPhrase;
        }

        /** All headers, names in lower case. */
        public Map<String, List<String>> headers() {
            return headers;
        }

        /** The first value of a header (any case), or null. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public byte[] body() {
            return body;
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return status + " " + reasonPhrase + " " + headers + (body.length > 0 ? " body=" + bodyText() : "");
        }
    }
}
