package dev.pushwire.core.hub;

/**
 * A broker's shared backend (Redis) cannot be reached or did not answer in time: the operation was not done, or its
 * outcome is unknown (a publish that timed out may still be applied; retry it with the same idempotency key). The
 * HTTP publish API answers it with 503 {@code broker_unavailable}.
 */
public class BrokerUnavailableException extends RuntimeException {
    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
