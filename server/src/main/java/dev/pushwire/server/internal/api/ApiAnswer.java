package dev.pushwire.server.internal.api;

import java.nio.charset.StandardCharsets;

/**
 * An answer of the HTTP publish API: a status and a JSON body.
 *
 * @param status the HTTP status
 * @param json   the body, a JSON object
 */
public record ApiAnswer(int status, String json) {
    public byte[] body() {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static ApiAnswer error(int status, String code, String message) {
        return new ApiAnswer(status, "{\"error\":" + quote(code) + ",\"message\":" + quote(message) + "}");
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
