package dev.pushwire.client;

/** The hub refused a request: {@link #code()} is the stable error code from {@code docs/hub.md}. */
public final class HubException extends RuntimeException {
    private final String code;

    public HubException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    /** The stable error code, e.g. {@code forbidden} or {@code unrecoverable}. */
    public String code() {
        return code;
    }
}
