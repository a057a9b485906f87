package dev.pushwire.server.internal.security;

/**
 * A request refused by a security check, as an HTTP answer: {@code status}, a JSON body
 * {@code {"error": code, "message": message}}, and {@code Retry-After: retryAfterSeconds} when that is above 0.
 */
public record Refusal(int status, String code, String message, long retryAfterSeconds) {
}
