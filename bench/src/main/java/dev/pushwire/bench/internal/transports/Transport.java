package dev.pushwire.bench.internal.transports;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/** The transports compared, each with the server it runs against and how its clients are made. */
enum Transport {
    POLLING_1S("polling-1s", false),
    POLLING_100MS("polling-100ms", false),
    LONGPOLLING("longpolling", false),
    SSE("sse", false),
    WEBSOCKET("websocket", false),
    SOCKETIO_POLLING("socketio-polling", true),
    SOCKETIO_WEBSOCKET("socketio-websocket", true);

    private final String id;
    private final boolean socketIo;

    Transport(String id, boolean socketIo) {
        this.id = id;
        this.socketIo = socketIo;
    }

    String id() {
        return id;
    }

    boolean socketIo() {
        return socketIo;
    }

    /** The longest a client may wait for a message that is already queued (the poll interval, else 0). */
    Duration pollInterval() {
        return switch (this) {
            case POLLING_1S -> Duration.ofSeconds(1);
            case POLLING_100MS -> Duration.ofMillis(100);
            default -> Duration.ZERO;
        };
    }

    /** New clients of this transport that connect to the relay on {@code relayPort}. */
    LoadClients clients(int relayPort, java.nio.file.Path socketIoDir) {
        return switch (this) {
            case POLLING_1S, POLLING_100MS -> new HttpSessionClients("polling", pollInterval(), relayPort);
            case LONGPOLLING -> new HttpSessionClients("longpolling", Duration.ZERO, relayPort);
            case SSE -> new HttpSessionClients("sse", Duration.ZERO, relayPort);
            case WEBSOCKET -> new WebSocketClients(relayPort);
            case SOCKETIO_POLLING -> new SocketIoClients(socketIoDir, "polling", relayPort);
            case SOCKETIO_WEBSOCKET -> new SocketIoClients(socketIoDir, "websocket", relayPort);
        };
    }

    static Transport of(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id.trim().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown transport '" + id + "'; known: "
                        + Arrays.stream(values()).map(Transport::id).toList()));
    }
}
