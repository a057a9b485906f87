package dev.pushwire.server;

import java.util.Map;
import java.util.Objects;

/** What an {@link UpgradeHook} decided. Immutable. */
public final class UpgradeDecision {
    private static final UpgradeDecision ACCEPT = new UpgradeDecision(true, 0, "", Map.of());

    private final boolean accepted;
    private final int status;
    private final String body;
    private final Map<String, Object> attributes;

    private UpgradeDecision(boolean accepted, int status, String body, Map<String, Object> attributes) {
        this.accepted = accepted;
        this.status = status;
        this.body = body;
        this.attributes = attributes;
    }

    /** Let the handshake proceed. */
    public static UpgradeDecision accept() {
        return ACCEPT;
    }

    /**
     * Let the handshake proceed and put {@code attributes} on the new connection (e.g. the authenticated user),
     * before the endpoint's handler sees it.
     */
    public static UpgradeDecision accept(Map<String, ?> attributes) {
        return new UpgradeDecision(true, 0, "", Map.copyOf(attributes));
    }

    /**
     * Refuse the handshake with an HTTP {@code status} (400-599) and {@code body}. A body starting with
     * {@code {} is sent as {@code application/json}, anything else as {@code text/plain}.
     */
    public static UpgradeDecision reject(int status, String body) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a rejection needs a 4xx or 5xx status, was " + status);
        }
        return new UpgradeDecision(false, status, Objects.requireNonNull(body, "body"), Map.of());
    }

    public boolean accepted() {
        return accepted;
    }

    /** The HTTP status of a rejection; 0 when accepted. */
    public int status() {
        return status;
    }

    /** The body of a rejection; empty when accepted. */
    public String body() {
        return body;
    }

    /** Attributes for the accepted connection. */
    public Map<String, Object> attributes() {
        return attributes;
    }
}
