package dev.pushwire.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushwire.core.hub.StreamPosition;
import java.util.function.Consumer;

/**
 * A hub client played by a test (docs/hub.md): numbered commands out, replies and pushes in, each checked with a
 * typed assert. Subclasses carry the text messages: over a {@link RecordingConnection} (core's {@code HubPeer}) or a
 * real WebSocket (the server's {@code HubSocketClient}). Commands may be sent from any thread (ids stay in order);
 * replies are read by the test thread.
 */
public abstract class HubProtocolPeer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private long nextId = 1;

    /** Hands one text message to the hub. */
    protected abstract void sendText(String text);

    /** The next text message from the hub; fails the test when none comes (within the subclass's wait). */
    protected abstract String nextText();

    /** Sends {@code {"id": n, "type": type, ...fields}} and returns n. */
    public synchronized long send(String type, Consumer<ObjectNode> fields) {
        long id = nextId++;
        ObjectNode command = JSON.createObjectNode().put("id", id).put("type", type);
        fields.accept(command);
        sendText(command.toString());
        return id;
    }

    /** Sends a command with no fields beside its id and type; returns its id. */
    public long send(String type) {
        return send(type, c -> { });
    }

    /** The next message, parsed. */
    public JsonNode next() {
        String text = nextText();
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("the hub sent invalid JSON: " + text, e);
        }
    }

    /** Asserts the next message is the successful reply to {@code id}; returns its result. */
    public JsonNode result(long id) {
        JsonNode m = next();
        assertThat(m.path("id").asLong()).as("reply id in %s", m).isEqualTo(id);
        assertThat(m.has("result")).as("a result in %s", m).isTrue();
        return m.get("result");
    }

    /** Asserts the next message is the error reply to {@code id} with {@code code}; returns its message. */
    public String error(long id, String code) {
        JsonNode m = next();
        assertThat(m.path("id").asLong()).as("reply id in %s", m).isEqualTo(id);
        assertThat(m.path("error").path("code").asText()).as("error code in %s", m).isEqualTo(code);
        return m.path("error").path("message").asText();
    }

    /** Asserts the next message is a {@code type} push ("publication", "join", ...) on {@code channel}; returns it. */
    public JsonNode push(String type, String channel) {
        JsonNode m = next();
        assertThat(m.path("type").asText()).as("a %s push: %s", type, m).isEqualTo(type);
        assertThat(m.path("channel").asText()).isEqualTo(channel);
        return m;
    }

    /** Connects anonymously; returns the result. */
    public JsonNode connect() {
        return connect(null);
    }

    /** Connects with {@code token} (null: anonymously); returns the result. */
    public JsonNode connect(String token) {
        return result(send("connect", c -> {
            if (token != null) {
                c.put("token", token);
            }
        }));
    }

    /** Sends a subscribe to {@code channel}, recovering after {@code since} when not null; returns its id. */
    public long subscribeId(String channel, StreamPosition since) {
        return send("subscribe", c -> {
            c.put("channel", channel);
            if (since != null) {
                c.putObject("since").put("epoch", since.epoch()).put("offset", since.offset());
            }
        });
    }

    /** Subscribes to {@code channel}; returns the result. */
    public JsonNode subscribe(String channel) {
        return subscribe(channel, null);
    }

    /** Subscribes to {@code channel}, recovering after {@code since} when not null; returns the result. */
    public JsonNode subscribe(String channel, StreamPosition since) {
        return result(subscribeId(channel, since));
    }
}
