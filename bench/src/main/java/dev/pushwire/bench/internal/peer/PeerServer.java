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
}
