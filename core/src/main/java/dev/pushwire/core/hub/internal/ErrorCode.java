package dev.pushwire.core.hub.internal;

/**
 * The hub protocol's stable error codes, sent as {@code {"id":N,"error":{"code":"...","message":"..."}}}.
 * Documented in {@code docs/hub.md}; never rename one.
 */
public enum ErrorCode {
    /** A command lacks a field or has one of the wrong type, or its type is unknown. */
    BAD_REQUEST("bad_request"),
    /** A command other than connect came before connect. */
    NOT_CONNECTED("not_connected"),
    /** A second connect on the same connection. */
    ALREADY_CONNECTED("already_connected"),
    /** The token is missing where required, malformed or forged (the connection is then closed with 4500). */
    UNAUTHORIZED("unauthorized"),
    /** The token has expired (on connect the connection is then closed with 4004). */
    TOKEN_EXPIRED("token_expired"),
    /** The client may not do this on this channel. */
    FORBIDDEN("forbidden"),
    /** The channel name is empty, too long or has spaces or control characters. */
    BAD_CHANNEL("bad_channel"),
    /** The connection has as many subscriptions as allowed. */
    TOO_MANY_CHANNELS("too_many_channels"),
    /** The connection is already subscribed to the channel. */
    ALREADY_SUBSCRIBED("already_subscribed"),
    /** Unsubscribe from a channel the connection is not subscribed to. */
    NOT_SUBSCRIBED("not_subscribed"),
    /** The publications after {@code since} are no longer all in history, or the epoch changed. */
    UNRECOVERABLE("unrecoverable"),
    /** History or presence is off for the channel's namespace. */
    NOT_AVAILABLE("not_available"),
    /** The connection published faster than the hub's per-connection rate ({@code publishRate}); slow down. */
    RATE_LIMITED("rate_limited"),
    /** The token check or authorization did not answer within the hub's {@code authTimeout}; try again later. */
    AUTH_UNAVAILABLE("auth_unavailable"),
    /** The server failed (the broker did not answer); try again. */
    INTERNAL("internal");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    /** The code on the wire. */
    public String code() {
        return code;
    }
}
