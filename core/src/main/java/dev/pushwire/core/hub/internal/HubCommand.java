package dev.pushwire.core.hub.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pushwire.core.hub.StreamPosition;

/**
 * One client command, parsed: {@code {"id": 1, "type": "subscribe", "channel": "news", ...}}. The accessors check
 * each field as it is read and throw {@link HubException} ({@code bad_request}) with what was wrong. Immutable.
 */
final class HubCommand {
    private final long id;
    private final String type;
    private final JsonNode body;
    private final HubCodec codec;

    HubCommand(long id, String type, JsonNode body, HubCodec codec) {
        this.id = id;
        this.type = type;
        this.body = body;
        this.codec = codec;
    }

    long id() {
        return id;
    }

    String type() {
        return type;
    }

    String channel() {
        return requiredText("channel");
    }

    /** The token, or null when absent. */
    String token() {
        JsonNode n = body.get("token");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || n.textValue().isEmpty()) {
            throw bad("\"token\" must be a non-empty string");
        }
        return n.textValue();
    }

    /** {@code since: {epoch, offset}}, or null when absent. */
    StreamPosition since() {
        JsonNode n = body.get("since");
        if (n == null || n.isNull()) {
            return null;
        }
        JsonNode epoch = n.get("epoch");
        JsonNode offset = n.get("offset");
        if (!n.isObject() || epoch == null || !epoch.isTextual() || offset == null || !offset.canConvertToLong()
                || !offset.isIntegralNumber() || offset.longValue() < 0) {
            throw bad("\"since\" must be {\"epoch\": string, \"offset\": non-negative integer}");
        }
        return new StreamPosition(epoch.textValue(), offset.longValue());
    }

    /** The {@code data} field as compact raw JSON. */
    String data() {
        JsonNode n = body.get("data");
        if (n == null) {
            throw bad("\"data\" is missing: publish needs a JSON value to send");
        }
        return codec.toJson(n);
    }

    /** {@code limit}, or {@code fallback} when absent. */
    int limit(int fallback) {
        JsonNode n = body.get("limit");
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 0) {
            throw bad("\"limit\" must be a non-negative integer");
        }
        return n.intValue();
    }

    private String requiredText(String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual()) {
            throw bad("\"" + field + "\" must be a string in a " + type + " command");
        }
        return n.textValue();
    }

    private static HubException bad(String message) {
        return new HubException(ErrorCode.BAD_REQUEST, message);
    }
}
