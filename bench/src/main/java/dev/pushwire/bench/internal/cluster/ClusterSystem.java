package dev.pushwire.bench.internal.cluster;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The clusters the benchmark compares: Pushwire on its Redis broker, and Socket.IO on each of its Redis adapters. */
enum ClusterSystem {
    /** {@code pushwire.jar serve --broker redis://... --node-id nK}, the hub at {@code /pushwire}. */
    PUSHWIRE("pushwire", Dialect.HUB, null),
    /** Socket.IO 4.8 with {@code @socket.io/redis-adapter} 8.3.0 (Redis pub/sub). */
    SOCKETIO_REDIS("socketio-redis", Dialect.SOCKET_IO, "redis"),
    /** Socket.IO 4.8 with {@code @socket.io/redis-streams-adapter} 0.3.1 (one Redis stream). */
    SOCKETIO_STREAMS("socketio-streams", Dialect.SOCKET_IO, "streams");

    private final String id;
    private final Dialect dialect;
    private final String socketIoAdapter;

    ClusterSystem(String id, Dialect dialect, String socketIoAdapter) {
        this.id = id;
        this.dialect = dialect;
        this.socketIoAdapter = socketIoAdapter;
    }

    String id() {
        return id;
    }

    Dialect dialect() {
        return dialect;
    }

    /** The adapter argument of {@code bench/peers/socketio-cluster/node.js}, or null for Pushwire. */
    String socketIoAdapter() {
        return socketIoAdapter;
    }

    boolean socketIo() {
        return socketIoAdapter != null;
    }

    static ClusterSystem of(String id) {
        for (ClusterSystem s : values()) {
            if (s.id.equals(id.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown system '" + id + "'; known: " + ids());
    }

    static List<String> ids() {
        return Arrays.stream(values()).map(ClusterSystem::id).toList();
    }
}
