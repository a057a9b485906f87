package dev.pushwire.websocket.internal;

import dev.pushwire.core.CloseCode;

/**
 * The peer broke RFC 6455 (or a limit): carries the close code to answer with. The message is the close reason
 * sent to the peer and reported to {@code onError}, so it says what was wrong ("text message is not valid UTF-8").
 */
public final class WebSocketProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int closeCode;

    public WebSocketProtocolException(CloseCode closeCode, String message) {
        this(closeCode.code(), message, null);
    }

    public WebSocketProtocolException(int closeCode, String message, Throwable cause) {
        super(message, cause, false, false);
        this.closeCode = closeCode;
    }

    /** The close code to send, e.g. 1002, 1007, 1009. */
    public int closeCode() {
        return closeCode;
    }
}
