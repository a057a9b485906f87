package dev.pushwire.bench.internal.peer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Jetty;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The Jetty 12 peer: Jetty's own WebSocket API on a plain {@link Server} (no servlets), with Jetty's defaults
 * for threads and selectors.
 */
final class JettyPeer implements PeerServer {
    private Server server;

    @Override
    public void start(int port) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setAcceptQueueSize(4096);
        server.addConnector(connector);
        Set<Session> subscribers = ConcurrentHashMap.newKeySet();
        ContextHandler context = new ContextHandler("/");
        WebSocketUpgradeHandler routes = WebSocketUpgradeHandler.from(server, context, container -> {
            container.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
            container.setMaxBinaryMessageSize(MAX_MESSAGE_BYTES);
            container.setMaxFrameSize(MAX_MESSAGE_BYTES);
            container.setIdleTimeout(Duration.ofHours(1));
            container.addMapping("/echo", (request, response, callback) -> new Echo());
            container.addMapping("/sub", (request, response, callback) -> new Subscriber(subscribers));
            container.addMapping("/pub", (request, response, callback) -> new Publisher(subscribers));
        });
        context.setHandler(routes);
        server.setHandler(context);
        server.start();
    }

    @Override
    public void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    public String description() {
        return "Jetty " + Jetty.VERSION + " WebSocket (Jetty API)";
    }

    /** Echoes with the same type. */
    public static final class Echo implements Session.Listener.AutoDemanding {
        /** Set once on open, by Jetty, before any message. */
        private volatile Session session;

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
        }

        @Override
        public void onWebSocketText(String message) {
            session.sendText(message, Callback.NOOP);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            session.sendBinary(payload, callback);
        }
    }

    /** Joins the subscriber set while open. */
    public static final class Subscriber implements Session.Listener.AutoDemanding {
        private final Set<Session> subscribers;
        /** Set once on open, by Jetty. */
        private volatile Session session;

        Subscriber(Set<Session> subscribers) {
            this.subscribers = subscribers;
        }

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
            subscribers.add(s);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            subscribers.remove(session);
        }
    }

    /** Sends each message to every subscriber. */
    public static final class Publisher implements Session.Listener.AutoDemanding {
        private final Set<Session> subscribers;

        Publisher(Set<Session> subscribers) {
            this.subscribers = subscribers;
        }

        @Override
        public void onWebSocketText(String message) {
            for (Session s : subscribers) {
                s.sendText(message, Callback.NOOP);
            }
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
            callback.succeed();
            for (Session s : subscribers) {
                s.sendBinary(copy.slice(), Callback.NOOP);
            }
        }
    }
}
