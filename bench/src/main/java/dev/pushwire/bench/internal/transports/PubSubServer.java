package dev.pushwire.bench.internal.transports;

import dev.pushwire.core.Connection;
import dev.pushwire.core.Message;
import dev.pushwire.server.AbuseLimits;
import dev.pushwire.server.PushwireServer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for the demo server's {@code /pub} → {@code /sub} when the app's jar is not at hand (the bench's own
 * test; the bench itself runs {@code pushwire.jar serve}): a {@link PushwireServer} on loopback where every text
 * published on {@code /pub} goes, encoded once, to every connection on {@code /sub}, whatever its transport, as
 * the demo's {@code DemoRoutes} does. Usage: {@code java -cp pushwire-bench.jar ...PubSubServer PORT}; prints
 * {@code listening PORT}.
 *
 * <p>Threading: handlers run on connection event loops; the subscriber set is concurrent.
 */
public final class PubSubServer {
    private PubSubServer() {
    }

    /** Starts the server on {@code args[0]} (0 = a free port) and serves until killed. */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        // Every load client comes from 127.0.0.1 through the relay: the per-address and rate limits would cut them.
        PushwireServer server = PushwireServer.builder().host("127.0.0.1").port(port).maxConnections(19_000)
                .abuseLimits(AbuseLimits.UNLIMITED).build();
        Set<Connection> subscribers = ConcurrentHashMap.newKeySet();
        server.endpoint("/pub", conn -> conn.onMessage(msg -> {
            Message shared = msg.isText() ? Message.encodedText(msg.text()) : msg;
            for (Connection s : subscribers) {
                s.send(shared, null);
            }
        }));
        server.endpoint("/sub", conn -> {
            subscribers.add(conn);
            conn.onClose(event -> subscribers.remove(conn));
        });
        server.start();
        System.out.println("listening " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
