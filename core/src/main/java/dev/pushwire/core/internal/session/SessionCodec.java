package dev.pushwire.core.internal.session;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.pushwire.core.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The JSON of the session protocol (docs/protocol.md), shared by the server and the Java client. Stateless and
 * thread-safe.
 *
 * <pre>
 * message  = {"seq": 7, "type": "text", "data": "hello"}          (server to client; binary data is base64)
 * SSE      = id: 7 / data: hello            (see {@link #decodeSseMessage}; the server writes it with WireForms)
 * batch    = {"messages": [message, ...], "close": {"code": 4003, "reason": "..."}}   ("close" only at the end)
 * post     = [{"type": "text", "data": "hi"}, {"type": "binary", "data": "AAEC"}]     (client to server)
 * </pre>
 */
public final class SessionCodec {
    private static final JsonFactory JSON = new JsonFactory();

    private SessionCodec() {
    }

    /** A decoded batch (what a poll answers). */
    public record Batch(List<SequencedMessage> messages, SessionClose close) {
    }

    /** {@code {"messages":[...]}} plus {@code "close"} when {@code close} is not null. */
    public static byte[] encodeBatch(List<SequencedMessage> batch, SessionClose close) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 48 * batch.size());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("messages");
            for (SequencedMessage m : batch) {
                writeMessage(g, m.seq(), m.message());
            }
            g.writeEndArray();
            if (close != null) {
                writeClose(g, close);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code {"code":..,"reason":..[,"received":..]}} (an SSE close event's data). */
    public static String encodeClose(SessionClose close) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            writeCloseFields(g, close);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Client to server: a JSON array of {@code {"type","data"}}. */
    public static byte[] encodePost(List<Message> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + 32 * messages.size());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (Message m : messages) {
                writeMessage(g, 0, m);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Parses a POST body.
     *
     * @throws SessionException {@code bad_body} (400) when it is not a JSON array of messages
     */
    public static List<Message> decodePost(byte[] body) throws SessionException {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw badBody("the body must be a JSON array of {\"type\":\"text\"|\"binary\",\"data\":...}");
            }
            List<Message> messages = new ArrayList<>();
            while (p.nextToken() == JsonToken.START_OBJECT) {
                messages.add(readMessage(p, false).message());
            }
            if (p.currentToken() != JsonToken.END_ARRAY || p.nextToken() != null) {
                throw badBody("the body must be one JSON array of message objects");
            }
            return messages;
        } catch (IOException e) {
            throw badBody("the body is not valid JSON: " + message(e));
        }
    }

    /**
     * Parses a batch (a poll's answer).
     *
     * @throws SessionException {@code bad_body} when it is not a batch
     */
    public static Batch decodeBatch(byte[] body) throws SessionException {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw badBody("a batch must be a JSON object");
            }
            List<SequencedMessage> messages = new ArrayList<>();
            SessionClose close = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if ("messages".equals(name) && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        messages.add(readMessage(p, true));
                    }
                } else if ("close".equals(name) && t == JsonToken.START_OBJECT) {
                    close = readClose(p);
                } else {
                    p.skipChildren();
                }
            }
            return new Batch(messages, close);
        } catch (IOException e) {
            throw badBody("the batch is not valid JSON: " + message(e));
        }
    }

    /**
     * Makes the message of one SSE message event (docs/protocol.md section 4.2): the default event ({@code event}
     * null, empty or {@code message}) carries text as its data; {@code b} base64 binary; {@code j} text as a JSON
     * string.
     *
     * @param event the event's type, or null for the default
     * @param id    the event's {@code id} field: the message's seq
     * @param data  the event's data (its {@code data:} lines joined with LF)
     * @return the message, or null for an event type this client does not know (to be ignored)
     * @throws SessionException {@code bad_body} when the id is not a seq or the data does not fit the type
     */
    public static SequencedMessage decodeSseMessage(String event, String id, String data) throws SessionException {
        long seq;
        try {
            seq = Long.parseLong(id == null ? "" : id.trim());
        } catch (NumberFormatException e) {
            throw badBody("an SSE message event needs its seq as id, was '" + id + "'");
        }
        if (seq < 1) {
            throw badBody("an SSE message event needs a seq >= 1 as id, was " + seq);
        }
        Message message;
        if (event == null || event.isEmpty() || "message".equals(event)) {
            message = Message.text(data);
        } else if ("b".equals(event)) {
            try {
                message = Message.binary(Base64.getDecoder().decode(data));
            } catch (IllegalArgumentException e) {
                throw badBody("binary SSE data is not valid base64: " + e.getMessage());
            }
        } else if ("j".equals(event)) {
            try (JsonParser p = JSON.createParser(data)) {
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    throw badBody("the data of an SSE 'j' event must be a JSON string");
                }
                message = Message.text(p.getText());
            } catch (IOException e) {
                throw badBody("the data of an SSE 'j' event is not valid JSON: " + message(e));
            }
        } else {
            return null;
        }
        return new SequencedMessage(seq, message);
    }

    /** Parses an SSE close event's data. */
    public static SessionClose decodeClose(String json) throws SessionException {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw badBody("a close must be a JSON object");
            }
            return readClose(p);
        } catch (IOException e) {
            throw badBody("the close is not valid JSON: " + message(e));
        }
    }

    private static void writeMessage(JsonGenerator g, long seq, Message m) throws IOException {
        g.writeStartObject();
        if (seq > 0) {
            g.writeNumberField("seq", seq);
        }
        if (m.isText()) {
            g.writeStringField("type", "text");
            g.writeStringField("data", m.text());
        } else {
            g.writeStringField("type", "binary");
            g.writeStringField("data", Base64.getEncoder().encodeToString(m.bytes()));
        }
        g.writeEndObject();
    }

    /** Writes {@code "close": {"code":..,"reason":..[,"received":..]}} as a field of the current object. */
    public static void writeClose(JsonGenerator g, SessionClose close) throws IOException {
        g.writeObjectFieldStart("close");
        writeCloseFields(g, close);
        g.writeEndObject();
    }

    private static void writeCloseFields(JsonGenerator g, SessionClose close) throws IOException {
        g.writeNumberField("code", close.code());
        g.writeStringField("reason", close.reason());
        if (close.received() >= 0) {
            g.writeNumberField("received", close.received());
        }
    }

    /** Reads the fields of a message object whose START_OBJECT is current; ends on its END_OBJECT. */
    private static SequencedMessage readMessage(JsonParser p, boolean needSeq) throws IOException,
            SessionException {
        long seq = 0;
        String type = null;
        String data = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "seq" -> {
                    if (t != JsonToken.VALUE_NUMBER_INT) {
                        throw badBody("\"seq\" must be an integer");
                    }
                    seq = p.getLongValue();
                }
                case "type" -> type = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "data" -> {
                    if (t != JsonToken.VALUE_STRING) {
                        throw badBody("\"data\" must be a string (base64 for binary)");
                    }
                    data = p.getText();
                }
                default -> p.skipChildren();
            }
        }
        if (data == null) {
            throw badBody("a message needs \"data\"");
        }
        Message message;
        if ("text".equals(type)) {
            message = Message.text(data);
        } else if ("binary".equals(type)) {
            try {
                message = Message.binary(Base64.getDecoder().decode(data));
            } catch (IllegalArgumentException e) {
                throw badBody("binary \"data\" is not valid base64: " + e.getMessage());
            }
        } else {
            throw badBody("\"type\" must be \"text\" or \"binary\"");
        }
        if (needSeq && seq < 1) {
            throw badBody("a server message needs \"seq\" >= 1");
        }
        return new SequencedMessage(needSeq ? seq : 1, message);
    }

    private static SessionClose readClose(JsonParser p) throws IOException {
        int code = 1005;
        String reason = "";
        long received = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if ("code".equals(name)) {
                code = p.getValueAsInt(1005);
            } else if ("reason".equals(name)) {
                reason = p.getValueAsString("");
            } else if ("received".equals(name)) {
                received = p.getValueAsLong(-1);
            } else {
                p.skipChildren();
            }
        }
        return new SessionClose(code, reason, received);
    }

    private static String message(IOException e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                : e.getMessage();
    }

    private static SessionException badBody(String message) {
        return new SessionException(SessionException.BAD_BODY, 400, message);
    }
}
