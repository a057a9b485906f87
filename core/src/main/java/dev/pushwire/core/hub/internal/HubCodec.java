package dev.pushwire.core.hub.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushwire.core.hub.ClientInfo;
import dev.pushwire.core.hub.Publication;
import dev.pushwire.core.hub.StreamPosition;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Reads client commands and writes replies and pushes of the hub protocol (JSON text, see {@code docs/hub.md}).
 * Stateless and thread safe.
 */
public final class HubCodec {
    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonFactory factory = mapper.getFactory();

    /** A command envelope that is not JSON, or has no usable id or type: the connection is closed with 4501. */
    static final class MalformedCommandException extends Exception {
        MalformedCommandException(String message) {
            super(message, null, false, false);
        }
    }

    HubCommand parse(String text) throws MalformedCommandException {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedCommandException("a hub command must be a JSON object");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedCommandException("a hub command must be a JSON object");
        }
        JsonNode id = root.get("id");
        if (id == null || !id.isIntegralNumber() || !id.canConvertToLong() || id.longValue() <= 0) {
            throw new MalformedCommandException("a hub command needs \"id\": a positive integer");
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual()) {
            throw new MalformedCommandException("a hub command needs \"type\": a string");
        }
        return new HubCommand(id.longValue(), type.textValue(), root, this);
    }

    /** Checks that {@code json} is one JSON value and returns it compact. */
    public String normalize(String json) {
        try {
            JsonNode node = mapper.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("data must be a JSON value, got nothing");
            }
            return toJson(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("data must be valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    String toJson(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one piece of a JSON document. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** {@code {"id": id, "result": {...}}}. */
    String reply(long id, Body result) {
        return write(g -> {
            g.writeStartObject();
            g.writeNumberField("id", id);
            g.writeFieldName("result");
            g.writeStartObject();
            result.write(g);
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** {@code {"id": id, "error": {"code": ..., "message": ...}}}. */
    String error(long id, ErrorCode code, String message) {
        return write(g -> {
            g.writeStartObject();
            g.writeNumberField("id", id);
            g.writeObjectFieldStart("error");
            g.writeStringField("code", code.code());
            g.writeStringField("message", message);
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** The push for a publication: {@code {"type":"publication", "channel":..., "offset":..., ...}}. */
    String publicationPush(Publication p) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "publication");
            publicationFields(g, p);
            g.writeEndObject();
        });
    }

    /**
     * The push telling a subscriber that its slow-subscriber policy dropped publications:
     * {@code {"type":"dropped", "channel":..., "count":...}}. It comes right before the next push of the channel;
     * the client recovers the gap by offset (history with {@code since} its last position).
     */
    String droppedPush(String channel, long count) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "dropped");
            g.writeStringField("channel", channel);
            g.writeNumberField("count", count);
            g.writeEndObject();
        });
    }

    /** The push for a join or leave: {@code {"type":"join", "channel":..., "client":{...}}}. */
    String presencePush(String type, String channel, ClientInfo client) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("type", type);
            g.writeStringField("channel", channel);
            g.writeFieldName("client");
            client(g, client);
            g.writeEndObject();
        });
    }

    /**
     * The push telling a subscriber that publications were lost and cannot be recovered:
     * {@code {"type":"unrecoverable", "channel":..., "epoch":..., "offset":..., "message":...}}; the next publication
     * comes after that position.
     */
    String unrecoverablePush(String channel, StreamPosition continueAfter, String message) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "unrecoverable");
            g.writeStringField("channel", channel);
            position(g, continueAfter);
            g.writeStringField("message", message);
            g.writeEndObject();
        });
    }

    static void publications(JsonGenerator g, List<Publication> publications) throws IOException {
        g.writeArrayFieldStart("publications");
        for (Publication p : publications) {
            g.writeStartObject();
            publicationFields(g, p);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    static void position(JsonGenerator g, StreamPosition position) throws IOException {
        g.writeStringField("epoch", position.epoch());
        g.writeNumberField("offset", position.offset());
    }

    static void publicationFields(JsonGenerator g, Publication p) throws IOException {
        g.writeStringField("channel", p.channel());
        g.writeNumberField("offset", p.offset());
        g.writeStringField("epoch", p.epoch());
        g.writeFieldName("data");
        g.writeRawValue(p.data());
        if (p.info() != null) {
            g.writeFieldName("info");
            client(g, p.info());
        }
    }

    static void client(JsonGenerator g, ClientInfo c) throws IOException {
        g.writeStartObject();
        g.writeStringField("client", c.clientId());
        g.writeStringField("user", c.userId());
        if (c.info() != null) {
            g.writeFieldName("info");
            g.writeRawValue(c.info());
        }
        g.writeEndObject();
    }

    /** Writes a whole document with {@code body}. */
    String write(Body body) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = factory.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
