package dev.pushwire.server.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.core.testing.HubProtocolPeer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A hub client over a real WebSocket (the JDK's client, independent of ours), with typed asserts
 * ({@link HubProtocolPeer}). Commands may be sent from any thread; received messages queue up until taken.
 */
final class HubSocketClient extends HubProtocolPeer implements AutoCloseable {
    private static final long WAIT_SECONDS = 10;

    private final WebSocket socket;
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();

    private HubSocketClient(HttpClient http, URI uri) {
        this.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            messages.add(partial.toString());
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        closed.complete(1006);
                    }
                }).orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
    }

    static HubSocketClient open(HttpClient http, URI uri) {
        return new HubSocketClient(http, uri);
    }

    @Override
    protected void sendText(String text) {
        socket.sendText(text, true).orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
    }

    @Override
    protected String nextText() {
        try {
            String text = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(text).as("a message from the hub within %d s", WAIT_SECONDS).isNotNull();
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits for the server to close the connection; returns the close code. */
    int awaitClose() {
        return closed.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
    }

    boolean hasNoMessages() {
        return messages.isEmpty();
    }

    /** Cuts the TCP connection without a close handshake, as a network failure would. */
    void cut() {
        socket.abort();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
