package dev.pushwire.bench.internal.transports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Clients of Pushwire's HTTP session transports (docs/protocol.md) on {@code /ticker}, with Java's
 * {@link HttpClient} (HTTP/1.1, keep-alive) and {@link BrowserHeaders} on every request:
 * <ul>
 *   <li>{@code polling}: the seed's {@code setInterval} loop: a GET {@code ?transport=polling&sid&ack} every
 *       interval (a tick is skipped while the previous GET is unanswered: one receive in flight);</li>
 *   <li>{@code longpolling}: the next GET as soon as the answer arrives;</li>
 *   <li>{@code sse}: one streamed GET; acknowledgements by an empty POST once a second when something new
 *       arrived (the protocol's rule).</li>
 * </ul>
 * Threading: requests complete on a 2-thread executor; each client's state is touched by one request chain at a
 * time (volatile fields hand it over).
 */
final class HttpSessionClients extends JavaClients {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int SHARDS = 4;

    private final String transport;
    private final Duration pollInterval;
    private final int port;
    private final URI base;
    private final ExecutorService io = Executors.newFixedThreadPool(2, daemon("http-client"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("http-timer"));
    /** Clients are spread over these (each HttpClient has one selector thread of its own). */
    private final HttpClient[] https;
    private final List<Client> all = new ArrayList<>();
    private volatile boolean closed;

    /** {@code transport} is polling (then {@code pollInterval} counts), longpolling or sse. */
    HttpSessionClients(String transport, Duration pollInterval, int relayPort) {
        this.transport = transport;
        this.pollInterval = pollInterval;
        this.port = relayPort;
        this.base = URI.create("http://127.0.0.1:" + relayPort + "/ticker");
        this.https = new HttpClient[SHARDS];
        for (int i = 0; i < SHARDS; i++) {
            https[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(io)
                    .connectTimeout(Duration.ofSeconds(10)).build();
        }
    }

    @Override
    public void open(int n, Duration timeout) throws Exception {
        clients = n;
        List<CompletableFuture<?>> opened = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            Client client = new Client(c);
            all.add(client);
            opened.add(client.open());
            if (opened.size() % 100 == 0) {
                CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (transport.equals("sse")) {
            // each client acknowledges once a second on its own phase, as independent browsers would
            for (Client c : all) {
                timer.scheduleAtFixedRate(c::acknowledge, ThreadLocalRandom.current().nextLong(1000), 1000,
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        for (Client c : all) {
            if (c.sid != null) {
                c.http.sendAsync(request("transport=" + transport + "&sid=" + c.sid).DELETE().build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        }
        io.shutdown();
    }

    private HttpRequest.Builder request(String query) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "?" + query)).timeout(Duration.ofSeconds(60));
        for (Map.Entry<String, String> h : BrowserHeaders.forPort(port, transport.equals("sse")).entrySet()) {
            b.header(h.getKey(), h.getValue());
        }
        return b;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** One emulated browser tab. */
    private final class Client {
        private final int index;
        private final HttpClient http;
        private volatile String sid;
        /** Highest seq delivered; the request chain's thread (one at a time). */
        private volatile long ack;
        private volatile long acked;
        private volatile boolean inFlight;

        Client(int index) {
            this.index = index;
            this.http = https[index % SHARDS];
        }

        CompletableFuture<?> open() {
            if (transport.equals("sse")) {
                CompletableFuture<Void> opened = new CompletableFuture<>();
                stream("transport=sse", opened);
                return opened;
            }
            return http.sendAsync(request("transport=" + transport).GET().build(), HttpResponse.BodyHandlers.ofString())
                    .thenAccept(r -> {
                        sid = parse(r.body()).get("sid").asText();
                        if (transport.equals("polling")) {
                            long periodMs = pollInterval.toMillis();
                            timer.scheduleAtFixedRate(this::poll,
                                    ThreadLocalRandom.current().nextLong(periodMs), periodMs, TimeUnit.MILLISECONDS);
                        } else {
                            poll();
                        }
                    });
        }

        /**
         * Opens (or, with a sid, resumes: {@code ack} as Last-Event-ID) the SSE stream; a stream that ends while the
         * bench runs is resumed after 100 ms, as EventSource would.
         */
        void stream(String query, CompletableFuture<Void> opened) {
            HttpRequest.Builder b = request(query);
            if (sid != null) {
                b.header("Last-Event-ID", Long.toString(ack));
            }
            http.sendAsync(b.GET().build(), HttpResponse.BodyHandlers.fromLineSubscriber(new SseLines(opened)))
                    .whenComplete((r, e) -> {
                        if (e != null && !opened.completeExceptionally(e) && !closed) {
                            resumeLater();
                        }
                    });
        }

        void resumeLater() {
            timer.schedule(() -> stream("transport=sse&sid=" + sid, CompletableFuture.completedFuture(null)), 100,
                    TimeUnit.MILLISECONDS);
        }

        void poll() {
            if (closed || inFlight) {
                return;
            }
            inFlight = true;
            http.sendAsync(request("transport=" + transport + "&sid=" + sid + "&ack=" + ack).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                        if (e == null && r.statusCode() == 200) {
                            for (JsonNode m : parse(r.body()).path("messages")) {
                                receive(m);
                            }
                        }
                        inFlight = false;
                        if (!transport.equals("polling") && !closed) {
                            if (e == null) {
                                poll();
                            } else {
                                timer.schedule(this::poll, 100, TimeUnit.MILLISECONDS);
                            }
                        }
                    });
        }

        void receive(JsonNode m) {
            long seq = m.get("seq").asLong();
            if (seq <= ack) {
                return; // a resent message: the protocol says drop it
            }
            ack = seq;
            deliver(index, m.get("data").asText());
        }

        void acknowledge() {
            long a = ack;
            if (sid == null || a <= acked || closed) {
                return;
            }
            acked = a;
            http.sendAsync(request("transport=sse&sid=" + sid + "&ack=" + a)
                    .POST(HttpRequest.BodyPublishers.ofString("[]")).build(), HttpResponse.BodyHandlers.discarding());
        }

        /** The SSE stream, line by line: {@code event: open} then {@code data:} lines of message objects. */
        private final class SseLines implements Flow.Subscriber<String> {
            private final CompletableFuture<Void> opened;
            private boolean openEvent;

            SseLines(CompletableFuture<Void> opened) {
                this.opened = opened;
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String line) {
                if (line.startsWith("event: open")) {
                    openEvent = true;
                } else if (line.startsWith("data: ")) {
                    JsonNode data = parse(line.substring(6));
                    if (openEvent) {
                        openEvent = false;
                        sid = data.get("sid").asText();
                        opened.complete(null);
                    } else if (data.has("seq")) {
                        receive(data);
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                ended(t);
            }

            @Override
            public void onComplete() {
                ended(new IllegalStateException("SSE stream ended"));
            }

            private void ended(Throwable t) {
                if (!opened.completeExceptionally(t) && !closed && sid != null) {
                    resumeLater();
                }
            }
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }
}
