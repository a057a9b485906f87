package dev.pushwire.redis.internal;

import dev.pushwire.core.hub.ClientInfo;
import dev.pushwire.core.hub.Publication;

/**
 * The text formats the broker writes to Redis. A publication's <em>body</em> (kept in the stream entry's field
 * {@code b}) is {@code <time millis>:<client>data}, where {@code <client>} is {@code -} (published by the server) or
 * {@code +} and three length-prefixed strings {@code <len>:<text>} (client id, user id, info JSON or {@code -1:} for
 * none). The pub/sub message of a publication is {@code p<offset>:<epoch>:<body>} (the Lua script prefixes it); of a
 * join {@code j<client>}, of a leave {@code l<client>}. Stateless.
 */
public final class Frames {
    private Frames() {
    }

    /** A decoded pub/sub message: a publication, or a join/leave (then {@link #publication} is null). */
    public record Frame(char kind, Publication publication, ClientInfo client) {
    }

    public static String body(long timeMillis, ClientInfo info, String data) {
        StringBuilder sb = new StringBuilder(data.length() + 48).append(timeMillis).append(':');
        client(sb, info);
        return sb.append(data).toString();
    }

    public static String presence(char kind, ClientInfo client) {
        StringBuilder sb = new StringBuilder(64).append(kind);
        client(sb, client);
        return sb.toString();
    }

    /** A client alone (presence entries). */
    public static String client(ClientInfo client) {
        StringBuilder sb = new StringBuilder(64);
        client(sb, client);
        return sb.toString();
    }

    private static void client(StringBuilder sb, ClientInfo info) {
        if (info == null) {
            sb.append('-');
            return;
        }
        sb.append('+');
        field(sb, info.clientId());
        field(sb, info.userId());
        if (info.info() == null) {
            sb.append("-1:");
        } else {
            field(sb, info.info());
        }
    }

    private static void field(StringBuilder sb, String s) {
        sb.append(s.length()).append(':').append(s);
    }

    /** Decodes a pub/sub message of {@code channel}. */
    public static Frame parse(String channel, String message) {
        char kind = message.charAt(0);
        Cursor c = new Cursor(message, 1);
        if (kind == 'p') {
            long offset = c.number(':');
            String epoch = c.until(':');
            return new Frame(kind, publication(channel, offset, epoch, c), null);
        }
        if (kind == 'j' || kind == 'l') {
            return new Frame(kind, null, c.client());
        }
        throw new IllegalArgumentException("unknown broker message kind '" + kind + "'");
    }

    /** Decodes a stream entry's body. */
    public static Publication publication(String channel, long offset, String epoch, String body) {
        return publication(channel, offset, epoch, new Cursor(body, 0));
    }

    /** Decodes a presence entry. */
    public static ClientInfo parseClient(String text) {
        return new Cursor(text, 0).client();
    }

    private static Publication publication(String channel, long offset, String epoch, Cursor c) {
        long time = c.number(':');
        ClientInfo info = c.client();
        return new Publication(channel, offset, epoch, c.rest(), info, time);
    }

    /** Reads a text left to right. Not thread safe. */
    private static final class Cursor {
        private final String s;
        private int at;

        Cursor(String s, int at) {
            this.s = s;
            this.at = at;
        }

        String until(char sep) {
            int end = s.indexOf(sep, at);
            if (end < 0) {
                throw new IllegalArgumentException("malformed broker message");
            }
            String out = s.substring(at, end);
            at = end + 1;
            return out;
        }

        long number(char sep) {
            return Long.parseLong(until(sep));
        }

        String field() {
            int len = (int) number(':');
            if (len < 0) {
                return null;
            }
            String out = s.substring(at, at + len);
            at += len;
            return out;
        }

        ClientInfo client() {
            char mark = s.charAt(at++);
            if (mark == '-') {
                return null;
            }
            String id = field();
            String user = field();
            String info = field();
            return new ClientInfo(id, user, info);
        }

        String rest() {
            return s.substring(at);
        }
    }
}
