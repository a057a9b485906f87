package dev.pushwire.server.internal.security;

import dev.pushwire.core.CloseCode;
import dev.pushwire.core.Connection;
import dev.pushwire.core.Message;
import dev.pushwire.core.internal.InboundGate;
import dev.pushwire.core.internal.TokenBucket;

/**
 * The per-connection message rate: a token bucket of {@code messageBurst} refilled at {@code messagesPerSecond}.
 * The first message past it closes the connection with 4008 (rate limited); that message and any after it reach no
 * listener. One per connection; confined to its I/O thread.
 */
final class MessageRateGate implements InboundGate {
    private final TokenBucket bucket;
    private final SecurityMeters meters;
    private boolean tripped;

    MessageRateGate(double perSecond, int burst, SecurityMeters meters) {
        this.bucket = new TokenBucket(perSecond, burst);
        this.meters = meters;
    }

    @Override
    public boolean admit(Connection connection, Message message) {
        if (tripped) {
            return false;
        }
        if (bucket.tryTake()) {
            return true;
        }
        tripped = true;
        meters.rateLimited("messages");
        connection.close(CloseCode.RATE_LIMITED.code(), "more messages than the server's rate limit allows;"
                + " reconnect and send more slowly");
        return false;
    }
}
