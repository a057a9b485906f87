package dev.pushwire.bench.internal.transports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * socket.io-client 4.8.4 sockets in a Node child process ({@code bench/peers/socketio/peer.js clients}), on one
 * transport ({@code polling} or {@code websocket}, no upgrade), driven over its stdin. Harness thread only.
 */
final class SocketIoClients implements LoadClients {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path peerDir;
    private final String transport;
    private final int relayPort;
    private ChildProcess node;

    SocketIoClients(Path peerDir, String transport, int relayPort) {
        this.peerDir = peerDir;
        this.transport = transport;
        this.relayPort = relayPort;
    }

    @Override
    public void open(int n, Duration timeout) throws Exception {
        node = new ChildProcess("socket.io-clients", List.of("node", "peer.js", "clients",
                "http://127.0.0.1:" + relayPort, transport, Integer.toString(n)), peerDir);
        node.awaitLine("ready", timeout);
    }

    @Override
    public void begin(long first, int count) throws Exception {
        node.send("begin " + first + " " + count);
    }

    @Override
    public WindowResult finish(Duration drain) throws Exception {
        node.send("finish " + drain.toMillis());
        JsonNode r = JSON.readTree(node.awaitLine("{", drain.plusSeconds(30)));
        return new WindowResult(r.get("expected").asLong(), r.get("delivered").asLong(), r.get("duplicated").asLong(),
                r.get("p50Micros").asLong(), r.get("p99Micros").asLong(), r.get("maxMicros").asLong());
    }

    @Override
    public long clientPid() {
        return node.pid();
    }

    @Override
    public void close() throws Exception {
        if (node != null) {
            node.close();
        }
    }
}
