package dev.pushwire.core;

/** The life of a connection, with the same names and order as the browser's {@code WebSocket.readyState}. */
public enum ReadyState {
    /** Handshake under way; nothing can be sent yet. */
    CONNECTING,
    /** Open: messages flow both ways. */
    OPEN,
    /** A close was sent or received; no more messages are sent. */
    CLOSING,
    /** Closed; terminal. */
    CLOSED
}
