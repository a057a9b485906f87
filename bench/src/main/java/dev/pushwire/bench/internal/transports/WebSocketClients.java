package dev.pushwire.bench.internal.transports;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * WebSocket clients of {@code /ticker} with Java's {@link WebSocket}; the handshake carries {@link BrowserHeaders}
 * (those the JDK lets a caller set). Threading: listeners run on a 2-thread executor, one callback per socket at
 * a time.
 */
final class WebSocketClients extends JavaClients {
    private final ExecutorService io = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "ws-client");
        t.setDaemon(true);
        return t;
    });
    /** Sockets are spread over these (each HttpClient has one selector thread of its own). */
    private final HttpClient[] https = new HttpClient[HttpSessionClients.SHARDS];
    private final int port;
    private final List<WebSocket> sockets = new ArrayList<>();

    WebSocketClients(int relayPort) {
        this.port = relayPort;
        for (int i = 0; i < https.length; i++) {
            https[i] = HttpClient.newBuilder().executor(io).build();
        }
    }

    @Override
    public void open(int n, Duration timeout) throws Exception {
        clients = n;
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            WebSocket.Builder b = https[c % https.length].newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
            for (Map.Entry<String, String> h : BrowserHeaders.forPort(port, false).entrySet()) {
                b.header(h.getKey(), h.getValue());
            }
            b.header("Origin", "http://127.0.0.1:" + port);
            opening.add(b.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ticker"), new Receiver(c)));
            if (opening.size() % 100 == 0) {
                CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        for (CompletableFuture<WebSocket> f : opening) {
            sockets.add(f.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    @Override
    public void close() {
        for (WebSocket s : sockets) {
            s.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        io.shutdown();
    }

    private final class Receiver implements WebSocket.Listener {
        private final int index;
        private final StringBuilder partial = new StringBuilder();

        Receiver(int index) {
            this.index = index;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (last && partial.length() == 0) {
                deliver(index, data.toString());
            } else {
                partial.append(data);
                if (last) {
                    deliver(index, partial.toString());
                    partial.setLength(0);
                }
            }
            ws.request(1);
            return null;
        }
    }
}
