package dev.pushwire.bench.internal.transports;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The systems compared: a server (peer) and the transport its clients use, with the Node client kind that speaks
 * it ({@code bench/peers/transports/clients.js}), the path the clients open, and the peer of the same transport
 * Pushwire is held against.
 */
enum TransportSystem {
    PUSHWIRE_WEBSOCKET("pushwire-websocket", Peer.PUSHWIRE, "websocket", "ws", "/sub", 1, "node-ws"),
    PUSHWIRE_SSE("pushwire-sse", Peer.PUSHWIRE, "sse", "sse-pushwire", "/sub", 1, "node-sse"),
    PUSHWIRE_LONGPOLLING("pushwire-longpolling", Peer.PUSHWIRE, "longpolling", "longpolling-pushwire", "/sub", 4,
            "node-longpoll"),
    PUSHWIRE_POLLING("pushwire-polling", Peer.PUSHWIRE, "polling (100 ms)", "polling-pushwire", "/sub", 3, null),
    NODE_WS("node-ws", Peer.NODE_WS, "websocket", "ws", "/sub", 1, null),
    NODE_SSE("node-sse", Peer.NODE_SSE, "sse", "sse-plain", "/sub", 1, null),
    NODE_LONGPOLL("node-longpoll", Peer.NODE_LONGPOLL, "longpolling", "longpoll-plain", "/sub", 4, null),
    SOCKETIO_POLLING("socketio-polling", Peer.SOCKETIO, "longpolling", "socketio-polling", "/", 4, null),
    SOCKETIO_WEBSOCKET("socketio-websocket", Peer.SOCKETIO, "websocket", "socketio-websocket", "/", 1.5, null),
    /** The hub scenario: WebSocket subscribers of one hub channel, publications through the hub. */
    PUSHWIRE_HUB("pushwire-hub", Peer.PUSHWIRE, "websocket (hub channel)", "hub", "/pushwire", 1.2, null);

    /** The server processes. */
    enum Peer { PUSHWIRE, NODE_WS, NODE_SSE, NODE_LONGPOLL, SOCKETIO }

    /** The polling client's interval. */
    static final int POLL_MS = 100;
    /** The hub channel of the hub scenario (namespace {@code bench:*}: no presence, no join/leave). */
    static final String HUB_CHANNEL = "bench:ticks";

    private final String id;
    private final Peer peer;
    private final String transport;
    private final String clientKind;
    private final String path;
    private final double clientWeight;
    private final String nodePeer;

    TransportSystem(String id, Peer peer, String transport, String clientKind, String path, double clientWeight,
                    String nodePeer) {
        this.id = id;
        this.peer = peer;
        this.transport = transport;
        this.clientKind = clientKind;
        this.path = path;
        this.clientWeight = clientWeight;
        this.nodePeer = nodePeer;
    }

    String id() {
        return id;
    }

    Peer peer() {
        return peer;
    }

    String transport() {
        return transport;
    }

    String clientKind() {
        return clientKind;
    }

    String path() {
        return path;
    }

    /**
     * How much a delivery costs a Node client process relative to a WebSocket message (an HTTP answer per message
     * costs several); the harness spreads clients over processes by it.
     */
    double clientWeight() {
        return clientWeight;
    }

    /** The Node peer of the same transport this Pushwire transport is held against, or null. */
    String nodePeer() {
        return nodePeer;
    }

    static TransportSystem of(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id.trim().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown system '" + id + "'; known: " + ids()));
    }

    static List<String> ids() {
        return Arrays.stream(values()).map(TransportSystem::id).toList();
    }
}
