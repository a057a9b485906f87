package dev.pushwire.core.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pushwire.core.testing.RecordingConnection;
import java.util.function.Consumer;

/**
 * A hub client played by a test over a {@link RecordingConnection}: sends commands, and checks replies and pushes
 * with typed asserts. Not thread safe (one test thread).
 */
final class HubPeer {
    private static final ObjectMapper JSON = new ObjectMapper();
    final RecordingConnection connection = new RecordingConnection();
    private long nextId = 1;

    HubPeer(Hub hub) {
        hub.accept(connection);
    }

    /** Sends {@code {"id": n, "type": type, ...}} and returns n. */
    long send(String type, Consumer<ObjectNode> fields) {
        long id = nextId++;
        ObjectNode command = JSON.createObjectNode();
        command.put("id", id);
        command.put("type", type);
        fields.accept(command);
        connection.receive(command.toString());
        return id;
    }

    long send(String type) {
        return send(type, c -> { });
    }

    /** The next message, parsed. */
    JsonNode next() {
        try {
            return JSON.readTree(connection.nextText());
        } catch (JsonProcessingException e) {
            throw new AssertionError("the hub sent invalid JSON", e);
        }
    }

    /** Asserts the next message is the successful reply to {@code id}; returns its result. */
    JsonNode result(long id) {
        JsonNode m = next();
        assertThat(m.path("id").asLong()).as("reply id in %s", m).isEqualTo(id);
        assertThat(m.has("result")).as("a result in %s", m).isTrue();
        return m.get("result");
    }

    /** Asserts the next message is the error reply to {@code id} with {@code code}; returns its message. */
    String error(long id, String code) {
        JsonNode m = next();
        assertThat(m.path("id").asLong()).as("reply id in %s", m).isEqualTo(id);
        assertThat(m.path("error").path("code").asText()).as("error code in %s", m).isEqualTo(code);
        return m.path("error").path("message").asText();
    }

    /** Asserts the next message is a publication push on {@code channel}; returns it. */
    JsonNode publication(String channel) {
        JsonNode m = next();
        assertThat(m.path("type").asText()).as("a publication push: %s", m).isEqualTo("publication");
        assertThat(m.path("channel").asText()).isEqualTo(channel);
        return m;
    }

    /** Asserts the next message is a join or leave push on {@code channel}; returns the client object. */
    JsonNode presenceEvent(String type, String channel) {
        JsonNode m = next();
        assertThat(m.path("type").asText()).as("a %s push: %s", type, m).isEqualTo(type);
        assertThat(m.path("channel").asText()).isEqualTo(channel);
        return m.get("client");
    }

    JsonNode connect() {
        return result(send("connect"));
    }

    JsonNode connect(String token) {
        return result(send("connect", c -> c.put("token", token)));
    }

    long subscribeId(String channel, StreamPosition since) {
        return send("subscribe", c -> {
            c.put("channel", channel);
            if (since != null) {
                c.putObject("since").put("epoch", since.epoch()).put("offset", since.offset());
            }
        });
    }

    JsonNode subscribe(String channel) {
        return result(subscribeId(channel, null));
    }

    JsonNode subscribe(String channel, StreamPosition since) {
        return result(subscribeId(channel, since));
    }
}
