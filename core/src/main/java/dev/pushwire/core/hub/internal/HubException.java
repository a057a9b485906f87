package dev.pushwire.core.hub.internal;

/** A command the hub refuses: becomes an error reply with {@link #code()} and the message. */
final class HubException extends RuntimeException {
    private final ErrorCode code;

    HubException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    ErrorCode code() {
        return code;
    }
}
