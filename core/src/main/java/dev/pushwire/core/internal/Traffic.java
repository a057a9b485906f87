package dev.pushwire.core.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * Message and payload-byte counts of one transport, for metrics. A transport that is given one counts each message
 * its connections receive from peers and each message they accept for sending; a transport without one counts
 * nothing (the server gives none unless it has a meter registry).
 *
 * <p>Thread safe and cheap: each count is a {@link LongAdder}, so the I/O threads of many connections add without
 * contending; readers (a metrics scrape) see a sum that may lag by the adds in flight.
 */
public final class Traffic {
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();

    /** One message of {@code payloadBytes} arrived from a peer. */
    public void received(long payloadBytes) {
        messagesReceived.increment();
        bytesReceived.add(payloadBytes);
    }

    /** One message of {@code payloadBytes} was accepted for sending to a peer. */
    public void sent(long payloadBytes) {
        messagesSent.increment();
        bytesSent.add(payloadBytes);
    }

    public long messagesReceived() {
        return messagesReceived.sum();
    }

    public long bytesReceived() {
        return bytesReceived.sum();
    }

    public long messagesSent() {
        return messagesSent.sum();
    }

    public long bytesSent() {
        return bytesSent.sum();
    }
}
