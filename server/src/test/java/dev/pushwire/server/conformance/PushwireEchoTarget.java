package dev.pushwire.server.conformance;

/** Pushwire's echo endpoint. Placeholder until PushwireServer lands on this branch. */
final class PushwireEchoTarget {
    private PushwireEchoTarget() {
    }

    static EchoTarget start(boolean deflate) {
        throw new UnsupportedOperationException("PushwireServer is not on this branch yet; run with "
                + "-Dpushwire.conformance.peer=ws");
    }
}
