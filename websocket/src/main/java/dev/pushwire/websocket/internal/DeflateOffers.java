package dev.pushwire.websocket.internal;

import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a client's permessage-deflate offers from its {@code Sec-WebSocket-Extensions} headers, strictly, as RFC
 * 7692 7.1 asks of a server: an offer is declined (left out, so the next one or no compression is used) when it
 * has an unknown parameter, a parameter twice, a value on {@code *_no_context_takeover}, no value on
 * {@code server_max_window_bits}, or a window-bits value that is not 8-15 written without leading zeros (a
 * quoted-string value is unquoted first, 7.1.2.2). Netty's own parser keeps the last of duplicated parameters and
 * does not check values, so we do this before it sees the offer.
 *
 * <p>Stateless.
 */
public final class DeflateOffers {
    static final String NAME = "permessage-deflate";
    static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

    private DeflateOffers() {
    }

    /** The acceptable permessage-deflate offers in {@code headerValues}, in the client's order of preference. */
    public static List<WebSocketExtensionData> valid(List<String> headerValues) {
        List<WebSocketExtensionData> valid = new ArrayList<>();
        for (String value : headerValues) {
            for (String extension : split(value, ',')) {
                List<String> parts = split(extension, ';');
                if (parts.isEmpty() || !parts.get(0).trim().equalsIgnoreCase(NAME)) {
                    continue;
                }
                Map<String, String> parameters = parameters(parts.subList(1, parts.size()));
                if (parameters != null) {
                    valid.add(new WebSocketExtensionData(NAME, parameters));
                }
            }
        }
        return valid;
    }

    /** The parameters of one offer, or null if the offer must be declined. */
    private static Map<String, String> parameters(List<String> parts) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String part : parts) {
            String p = part.trim();
            if (p.isEmpty()) {
                return null;
            }
            int eq = p.indexOf('=');
            String key = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(java.util.Locale.ROOT);
            String value = eq < 0 ? null : unquote(p.substring(eq + 1).trim());
            if (parameters.containsKey(key)) {
                return null; // RFC 7692 7.1: a parameter twice
            }
            switch (key) {
                case SERVER_NO_CONTEXT_TAKEOVER, CLIENT_NO_CONTEXT_TAKEOVER -> {
                    if (value != null) {
                        return null;
                    }
                }
                case SERVER_MAX_WINDOW_BITS -> {
                    if (!isWindowBits(value)) {
                        return null;
                    }
                }
                case CLIENT_MAX_WINDOW_BITS -> {
                    if (value != null && !isWindowBits(value)) {
                        return null;
                    }
                }
                default -> {
                    return null; // an extension parameter we do not know
                }
            }
            parameters.put(key, value);
        }
        return parameters;
    }

    /** 8 to 15, without leading zeros (RFC 7692 7.1.2.1). */
    static boolean isWindowBits(String value) {
        return value != null && value.matches("[89]|1[0-5]");
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replace("\\", "");
        }
        return v;
    }

    /** Splits on {@code separator} outside quoted strings. */
    private static List<String> split(String s, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.toString().isBlank() || !parts.isEmpty()) {
            parts.add(current.toString());
        }
        return parts;
    }
}
