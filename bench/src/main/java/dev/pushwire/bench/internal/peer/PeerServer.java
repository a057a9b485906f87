package dev.pushwire.bench.internal.peer;

/**
 * A WebSocket server under test, run inside a peer process ({@link PeerMain}). Every peer serves the same routes
 * on 127.0.0.1: {@code /echo} sends every message back with its type; every message received on {@code /pub} is
 * sent to every connection on {@code /sub}. Messages up to 1 MiB, no compression.
 */
interface PeerServer {
    /** Binds {@code port} on 127.0.0.1 and serves until {@link #stop()}; throws if it cannot bind. */
    void start(int port) throws Exception;

    /** Stops serving and frees threads and sockets. */
    void stop() throws Exception;

    /** What it is, with versions, e.g. "Netty 4.2.18.Final (native epoll)". */
    String description();

    /** The largest message a peer accepts. */
    int MAX_MESSAGE_BYTES = 1024 * 1024;

    /**
     * Event-loop threads a Java peer should use: the system property {@code pushwire.bench.ioThreads} when set
     * (e.g. {@code --jvm-opts "... -Dpushwire.bench.ioThreads=2"} to give every peer as many loops as cores), else
     * {@code peerDefault}, the peer's own default.
     */
    static int ioThreads(int peerDefault) {
        int n = Integer.getInteger("pushwire.bench.ioThreads", 0);
        return n > 0 ? n : peerDefault;
    }
}
