package dev.pushwire.app;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A JDK WebSocket client for the app's tests that records each whole message it receives, in order, as
 * {@code text:<text>} or {@code binary:<hex>}, and how the connection ended as {@code close:<code>:<reason>} or
 * {@code error:<exception>}. The JDK calls the listener on one thread at a time; the test thread reads
 * {@link #received} and {@link #ends} (concurrent lists).
 */
public final class WsPeer implements WebSocket.Listener {
    /** Every whole message received so far, in order. */
    public final List<String> received = new CopyOnWriteArrayList<>();
    /** How the connection ended, if it did: the close the other side sent, or the error that broke it. */
    public final List<String> ends = new CopyOnWriteArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    /** The connection, to send on. */
    public WebSocket ws;

    private WsPeer() {
    }

    /** Connects to {@code uri} ({@code ws://...}) with a client of its own; waits up to 10 s for the handshake. */
    public static WsPeer open(String uri) throws Exception {
        return open(HttpClient.newHttpClient(), URI.create(uri));
    }

    /** Connects to {@code uri} with {@code http}'s WebSocket builder; waits up to 10 s for the handshake. */
    public static WsPeer open(HttpClient http, URI uri) throws Exception {
        WsPeer peer = new WsPeer();
        peer.ws = http.newWebSocketBuilder().buildAsync(uri, peer).get(10, TimeUnit.SECONDS);
        return peer;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            received.add("text:" + text);
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        binary.writeBytes(chunk);
        if (last) {
            received.add("binary:" + HexFormat.of().formatHex(binary.toByteArray()));
            binary.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        ends.add("close:" + statusCode + ":" + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        ends.add("error:" + error);
    }

    /** Waits until at least {@code n} messages were received, failing after {@code within}. */
    public void awaitMessages(int n, Duration within) {
        await().atMost(within).until(() -> received.size() >= n);
    }

    /** Closes normally (1000, "bye") and waits up to 5 s for the close frame to be sent. */
    public void close() throws Exception {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    }

    /** Drops the connection without a close handshake. */
    public void abort() {
        ws.abort();
    }
}
