package dev.pushwire.core;

import java.util.Map;

/**
 * A WebSocket close code. The same codes close emulated (SSE, long-polling, polling) sessions, so a client
 * handles one vocabulary whatever the transport.
 *
 * <p>Ranges:
 * <ul>
 *   <li>1000-1015: RFC 6455, section 7.4.1. 1005, 1006 and 1015 are reported locally but never sent.</li>
 *   <li>3000-3999: registered with IANA by libraries and frameworks; accepted and passed through.</li>
 *   <li>4000-4499: Pushwire's, after which a client <em>should reconnect</em> (slow consumer, timeouts, ...).</li>
 *   <li>4500-4999: Pushwire's, after which a client <em>should not reconnect</em> (unauthorized, bad protocol).</li>
 * </ul>
 * A value class rather than an enum: 3000-4999 are open-ended and applications may use their own codes.
 */
public final class CloseCode {
    /** 1000: the purpose of the connection was fulfilled. */
    public static final CloseCode NORMAL = new CloseCode(1000, "normal closure");
    /** 1001: the server is shutting down, or a browser page navigated away. */
    public static final CloseCode GOING_AWAY = new CloseCode(1001, "going away");
    /** 1002: the peer broke the protocol (bad frame, bad close code, unmasked client frame, ...). */
    public static final CloseCode PROTOCOL_ERROR = new CloseCode(1002, "protocol error");
    /** 1003: a data type this endpoint cannot accept. */
    public static final CloseCode UNSUPPORTED_DATA = new CloseCode(1003, "unsupported data");
    /** 1005: reported when a close frame carried no code; never sent. */
    public static final CloseCode NO_STATUS = new CloseCode(1005, "no status received");
    /** 1006: reported when the connection dropped without a close frame; never sent. */
    public static final CloseCode ABNORMAL = new CloseCode(1006, "abnormal closure");
    /** 1007: a text message was not valid UTF-8. */
    public static final CloseCode INVALID_PAYLOAD = new CloseCode(1007, "invalid payload data");
    /** 1008: a policy was violated (origin refused, handshake rules). */
    public static final CloseCode POLICY_VIOLATION = new CloseCode(1008, "policy violation");
    /** 1009: a message or frame was larger than the limit. */
    public static final CloseCode MESSAGE_TOO_BIG = new CloseCode(1009, "message too big");
    /** 1010: the client needed an extension the server did not negotiate. */
    public static final CloseCode MANDATORY_EXTENSION = new CloseCode(1010, "mandatory extension");
    /** 1011: the server hit an unexpected condition (an exception in a handler). */
    public static final CloseCode INTERNAL_ERROR = new CloseCode(1011, "internal error");
    /** 1012: the server is restarting; reconnect. */
    public static final CloseCode SERVICE_RESTART = new CloseCode(1012, "service restart");
    /** 1013: the server is overloaded; try again later. */
    public static final CloseCode TRY_AGAIN_LATER = new CloseCode(1013, "try again later");
    /** 1014: a gateway got a bad answer upstream. */
    public static final CloseCode BAD_GATEWAY = new CloseCode(1014, "bad gateway");
    /** 1015: reported when the TLS handshake failed; never sent. */
    public static final CloseCode TLS_HANDSHAKE = new CloseCode(1015, "TLS handshake failure");

    /** 4000: the peer read too slowly and its outbound buffer passed the limit. Reconnect. */
    public static final CloseCode SLOW_CONSUMER = new CloseCode(4000, "slow consumer");
    /** 4001: no pong (or no traffic at all) within the heartbeat timeout. Reconnect. */
    public static final CloseCode HEARTBEAT_TIMEOUT = new CloseCode(4001, "heartbeat timeout");
    /** 4002: nothing was received within the idle timeout. Reconnect. */
    public static final CloseCode IDLE_TIMEOUT = new CloseCode(4002, "idle timeout");
    /** 4003: an emulated session was not polled within its timeout and expired. Open a new session. */
    public static final CloseCode SESSION_EXPIRED = new CloseCode(4003, "session expired");
    /** 4004: the connection token expired and was not refreshed. Reconnect with a fresh token. */
    public static final CloseCode TOKEN_EXPIRED = new CloseCode(4004, "token expired");
    /**
     * 4010: the node that held this HTTP session is gone (stopped, crashed or unreachable), so the session's state
     * is lost. Open a new session (a hub client resumes its channels by offset).
     */
    public static final CloseCode SESSION_NODE_GONE = new CloseCode(4010, "session node gone");
    /** 4500: no valid credentials. Do not reconnect with the same ones. */
    public static final CloseCode UNAUTHORIZED = new CloseCode(4500, "unauthorized");
    /** 4501: the client broke Pushwire's own protocol (bad JSON envelope, unknown command). */
    public static final CloseCode BAD_REQUEST = new CloseCode(4501, "bad request");
    /** 4502: the credentials are valid but do not allow this. */
    public static final CloseCode FORBIDDEN = new CloseCode(4502, "forbidden");

    private static final Map<Integer, CloseCode> KNOWN = Map.ofEntries(
            e(NORMAL), e(GOING_AWAY), e(PROTOCOL_ERROR), e(UNSUPPORTED_DATA), e(NO_STATUS), e(ABNORMAL),
            e(INVALID_PAYLOAD), e(POLICY_VIOLATION), e(MESSAGE_TOO_BIG), e(MANDATORY_EXTENSION),
            e(INTERNAL_ERROR), e(SERVICE_RESTART), e(TRY_AGAIN_LATER), e(BAD_GATEWAY), e(TLS_HANDSHAKE),
            e(SLOW_CONSUMER), e(HEARTBEAT_TIMEOUT), e(IDLE_TIMEOUT), e(SESSION_EXPIRED), e(TOKEN_EXPIRED),
            e(SESSION_NODE_GONE),
            e(UNAUTHORIZED), e(BAD_REQUEST), e(FORBIDDEN));

    private final int code;
    private final String name;

    private CloseCode(int code, String name) {
        this.code = code;
        this.name = name;
    }

    private static Map.Entry<Integer, CloseCode> e(CloseCode c) {
        return Map.entry(c.code, c);
    }

    /** The constant for {@code code}, or a new value for an application code. */
    public static CloseCode of(int code) {
        CloseCode known = KNOWN.get(code);
        return known != null ? known : new CloseCode(code, code >= 3000 && code <= 4999 ? "application" : "unknown");
    }

    /** Whether {@code code} is one of the named constants of this class (the rest are application codes). */
    public static boolean isNamed(int code) {
        return KNOWN.containsKey(code);
    }

    /** The numeric code. */
    public int code() {
        return code;
    }

    /** A short description ("slow consumer"). */
    public String description() {
        return name;
    }

    /**
     * Whether {@code code} may appear in a close frame on the wire (RFC 6455 7.4): 1000-1003, 1007-1014 and
     * 3000-4999. 1004-1006 and 1015 are reserved or local-only; anything else is a protocol error.
     */
    public static boolean isValidOnWire(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    /**
     * Whether a client that was closed with this code should reconnect by itself. True for 1001, 1006, 1011-1014,
     * 4000-4499; false for a normal close, protocol and policy errors and 4500-4999.
     */
    public boolean shouldReconnect() {
        return code == 1001 || code == 1006 || (code >= 1011 && code <= 1014) || (code >= 4000 && code <= 4499);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CloseCode && ((CloseCode) o).code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public String toString() {
        return code + " (" + name + ")";
    }
}
