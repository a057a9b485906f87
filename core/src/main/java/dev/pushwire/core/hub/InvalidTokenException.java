package dev.pushwire.core.hub;

/** A connection token that cannot be accepted; {@link #expired()} tells an expired token from a bad one. */
public final class InvalidTokenException extends Exception {
    private final boolean expired;

    public InvalidTokenException(String message, boolean expired) {
        super(message);
        this.expired = expired;
    }

    /** True when the token was valid but is past its expiry time. */
    public boolean expired() {
        return expired;
    }
}
