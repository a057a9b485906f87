package dev.pushwire.server.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushwire.core.hub.StreamPosition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A hub client over a real WebSocket (the JDK's client, independent of ours), with typed asserts. Commands are
 * sent from the test thread; received messages queue up until taken.
 */
final class HubSocketClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WAIT_SECONDS = 10;

    private final WebSocket socket;
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private long nextId = 1;

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

    /** Sends a command; returns its id. */
    synchronized long send(String type, Consumer<ObjectNode> fields) {
        long id = nextId++;
        ObjectNode command = JSON.createObjectNode().put("id", id).put("type", type);
        fields.accept(command);
        socket.sendText(command.toString(), true).orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
        return id;
    }

    JsonNode next() {
        try {
            String text = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(text).as("a message from the hub within %d s", WAIT_SECONDS).isNotNull();
            return JSON.readTree(text);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (JsonProcessingException e) {
            throw new AssertionError("the hub sent invalid JSON", e);
        }
    }

    JsonNode result(long id) {
        JsonNode m = next();
        assertThat(m.path("id").asLong()).as("reply id in %s", m).isEqualTo(id);
        assertThat(m.has("result")).as("a result in %s", m).isTrue();
        return m.get("result");
    }

    String error(long id, String code) {
        JsonNode m = next();
        assertThat(m.path("id").asLong()).as("reply id in %s", m).isEqualTo(id);
        assertThat(m.path("error").path("code").asText()).as("error code in %s", m).isEqualTo(code);
        return m.path("error").path("message").asText();
    }

    JsonNode push(String type, String channel) {
        JsonNode m = next();
        assertThat(m.path("type").asText()).as("a %s push: %s", type, m).isEqualTo(type);
        assertThat(m.path("channel").asText()).isEqualTo(channel);
        return m;
    }

    JsonNode connect(String token) {
        return result(send("connect", c -> {
            if (token != null) {
                c.put("token", token);
            }
        }));
    }

    long subscribeId(String channel, StreamPosition since) {
        return send("subscribe", c -> {
            c.put("channel", channel);
            if (since != null) {
                c.putObject("since").put("epoch", since.epoch()).put("offset", since.offset());
            }
        });
    }

    JsonNode subscribe(String channel, StreamPosition since) {
        return result(subscribeId(channel, since));
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
