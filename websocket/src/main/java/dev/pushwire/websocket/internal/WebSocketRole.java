package dev.pushwire.websocket.internal;

/**
 * Which end of a WebSocket this engine plays. The engine is the same for both; the role decides the masking rules
 * (RFC 6455 5.1: a client masks every frame it sends, a server never does, and each rejects frames that break the
 * rule with 1002) and who closes the TCP connection after the close handshake (the server, at once; the client
 * waits for it, up to the close timeout).
 */
public enum WebSocketRole {
    /** The accepting end: expects masked frames, sends unmasked ones, closes TCP first. */
    SERVER,
    /** The connecting end: expects unmasked frames, masks what it sends, lets the server close TCP. */
    CLIENT;

    /** Whether frames from the peer must be masked. */
    public boolean expectsMaskedFrames() {
        return this == SERVER;
    }

    /** Whether this end masks the frames it sends. */
    public boolean masksOutboundFrames() {
        return this == CLIENT;
    }

    /** Whether this end closes the TCP connection as soon as the close handshake completes. */
    public boolean closesTcpFirst() {
        return this == SERVER;
    }
}
