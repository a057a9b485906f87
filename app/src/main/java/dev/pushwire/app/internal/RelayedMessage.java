package dev.pushwire.app.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushwire.core.Message;
import java.util.Base64;

/**
 * A raw-route message as the JSON data of a relay publication: a text message is a JSON string, a binary one
 * {@code {"binary": "<base64>"}}. Stateless, thread safe.
 */
public final class RelayedMessage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RelayedMessage() {
    }

    public static String toJson(Message msg) {
        if (msg.isText()) {
            return quote(msg.text());
        }
        return "{\"binary\":\"" + Base64.getEncoder().encodeToString(msg.bytes()) + "\"}";
    }

    /** {@code text} as a JSON string. */
    public static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Message fromJson(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node.isTextual()) {
                return Message.text(node.textValue());
            }
            return Message.binary(Base64.getDecoder().decode(node.path("binary").asText()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a relayed message: " + e.getOriginalMessage(), e);
        }
    }
}
