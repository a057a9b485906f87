package dev.pushwire.server.conformance;

/**
 * An echo server the conformance cases run against: Pushwire (the default) or Node's {@code ws} as a reference
 * peer ({@code -Dpushwire.conformance.peer=ws}), which validates the cases and the raw client themselves.
 * Each case that checks something only Pushwire promises asks {@link #promises} first.
 */
interface EchoTarget extends AutoCloseable {
    /** What a target may or may not promise beyond RFC 6455's MUSTs. */
    enum Promise {
        /** Close frames carry a reason that says what was wrong (ws sends only the code). */
        CLOSE_REASONS,
        /** Invalid UTF-8 is refused as soon as the prefix is invalid, not at the end of the message. */
        UTF8_FAIL_FAST,
        /** A frame larger than a frame limit is refused even when the message limit is higher. */
        FRAME_LIMIT,
        /**
         * A length not written in the fewest bytes (RFC 6455 5.2: "the minimal number of bytes MUST be used") is a
         * protocol error (1002); ws accepts it.
         */
        MINIMAL_LENGTH_REQUIRED,
        /** Versions other than 13 get 426 with {@code Sec-WebSocket-Version: 13} (ws also accepts 8). */
        VERSION_426,
        /**
         * A permessage-deflate offer RFC 7692 says to decline is declined and the connection opens without it (or
         * with the next offer); ws refuses the whole upgrade with 400.
         */
        DECLINES_BAD_DEFLATE_OFFERS,
        /**
         * A compressed message after one whose deflate stream ended with a BFINAL=1 block (RFC 7692 7.2.3.3) is
         * inflated; ws fails it with 1007.
         */
        INFLATES_AFTER_FINAL_BLOCK
    }

    /** The limits every target is started with, so the limit cases agree. */
    int MAX_MESSAGE_BYTES = 1024 * 1024;
    /** Frames above this are refused by targets that promise {@link Promise#FRAME_LIMIT}. */
    int MAX_FRAME_BYTES = 256 * 1024;

    String name();

    int port();

    /** The echo endpoint's path. */
    String path();

    boolean promises(Promise promise);

    /** Whether permessage-deflate was enabled when this target was started. */
    boolean deflate();

    @Override
    void close();

    /** Starts the target chosen by {@code -Dpushwire.conformance.peer} (pushwire | ws). */
    static EchoTarget start(boolean deflate) {
        String peer = System.getProperty("pushwire.conformance.peer", "pushwire");
        switch (peer) {
            case "ws":
                return NodeWsEchoTarget.start(deflate);
            case "pushwire":
                return PushwireEchoTarget.start(deflate);
            default:
                throw new IllegalArgumentException("pushwire.conformance.peer must be pushwire or ws, not " + peer);
        }
    }
}
