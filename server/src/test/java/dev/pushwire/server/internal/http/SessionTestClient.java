package dev.pushwire.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushwire.core.Message;
import dev.pushwire.core.internal.session.SequencedMessage;
import dev.pushwire.core.internal.session.SessionClose;
import dev.pushwire.core.internal.session.SessionCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client of the session protocol written from docs/protocol.md, for tests: one receive loop and one send loop,
 * each retrying the same request after a network error, dropping resent messages by seq. Uses the JDK's
 * HttpClient (HTTP/1.1, keep-alive) over real sockets.
 */
final class SessionTestClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String transport;
    final List<Message> received = new CopyOnWriteArrayList<>();
    /** {@link System#nanoTime()} when each message of {@link #received} arrived. */
    final List<Long> receivedAt = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Message> outgoing = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Message> inFlight = new ConcurrentLinkedQueue<>();
    volatile SessionClose close;
    volatile String sid;
    volatile JsonNode openInfo;
    volatile long lastSeq;
    volatile long sentSeq;
    volatile long requests;
    volatile long retries;
    private volatile long ackedSent;
    private volatile boolean stopped;
    private Thread receiver;
    private Thread sender;

    /** @param endpointUrl e.g. {@code http://127.0.0.1:1234/echo} */
    SessionTestClient(String endpointUrl, String transport) {
        this.base = endpointUrl;
        this.transport = transport;
    }

    /** Opens the session and starts the loops. */
    SessionTestClient start() throws Exception {
        if (transport.equals("sse")) {
            receiver = start(this::sseLoop, "sse");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sid == null && System.nanoTime() < deadline && errors.isEmpty()) {
                Thread.onSpinWait();
            }
            if (sid == null) {
                throw new IllegalStateException("SSE open failed: " + errors);
            }
        } else {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "?transport=" + transport))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("open failed: " + r.statusCode() + " " + r.body());
            }
            openInfo = JSON.readTree(r.body());
            sid = openInfo.get("sid").asText();
            receiver = start(this::pollLoop, "poll-" + transport);
        }
        sender = start(this::sendLoop, "post-" + transport);
        return this;
    }

    void send(Message m) {
        outgoing.add(m);
    }

    /** Messages queued or in flight. */
    int unsent() {
        return outgoing.size() + inFlight.size();
    }

    private String url(String extra) {
        return base + "?transport=" + transport + "&sid=" + sid + extra;
    }

    private void pollLoop() {
        while (!stopped && close == null) {
            try {
                requests++;
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url("&ack=" + lastSeq)))
                        .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    errors.add(r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
                    return;
                }
                SessionCodec.Batch batch = SessionCodec.decodeBatch(r.body());
                for (SequencedMessage m : batch.messages()) {
                    accept(m);
                }
                if (batch.close() != null) {
                    close = batch.close();
                }
                if (transport.equals("polling") && batch.messages().isEmpty()) {
                    Thread.sleep(2); // a polling client's interval
                }
            } catch (IOException e) {
                retried();
            } catch (Exception e) {
                if (!stopped) {
                    errors.add(e.toString());
                }
                return;
            }
        }
    }

    private void sseLoop() {
        while (!stopped && close == null) {
            try {
                requests++;
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sid == null
                        ? base + "?transport=sse" : url(""))).GET().header("Accept", "text/event-stream");
                if (sid != null) {
                    b.header("Last-Event-ID", Long.toString(lastSeq));
                }
                HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                if (r.statusCode() != 200) {
                    errors.add(r.statusCode() + " " + new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
                    return;
                }
                readEvents(new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                retried();
            } catch (Exception e) {
                if (!stopped) {
                    errors.add(e.toString());
                }
                return;
            }
        }
    }

    private void readEvents(BufferedReader in) throws Exception {
        String event = "message";
        String id = null;
        StringBuilder data = new StringBuilder();
        boolean hasData = false;
        String line;
        while ((line = in.readLine()) != null && !stopped) {
            if (line.isEmpty()) {
                if (hasData) {
                    dispatch(event, id, data.toString());
                }
                event = "message";
                data.setLength(0);
                hasData = false;
            } else if (line.charAt(0) != ':') {
                // the SSE rules: the field before the first colon; one space after it dropped, if there is one
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                int from = colon < 0 ? line.length() : colon + 1;
                String value = line.substring(from < line.length() && line.charAt(from) == ' ' ? from + 1 : from);
                switch (field) {
                    case "event" -> event = value;
                    case "id" -> id = value;
                    case "data" -> {
                        if (hasData) {
                            data.append('\n');
                        }
                        data.append(value);
                        hasData = true;
                    }
                    default -> {
                    }
                }
            }
            if (close != null) {
                return;
            }
        }
        if (!stopped && close == null) {
            throw new IOException("stream ended without close");
        }
    }

    private void dispatch(String event, String id, String data) throws Exception {
        switch (event) {
            case "open" -> {
                openInfo = JSON.readTree(data);
                sid = openInfo.get("sid").asText();
            }
            case "close" -> close = SessionCodec.decodeClose(data);
            default -> accept(SessionCodec.decodeSseMessage(event, id, data));
        }
    }

    private void accept(SequencedMessage m) {
        if (m.seq() <= lastSeq) {
            return; // resent: already delivered
        }
        if (m.seq() != lastSeq + 1) {
            errors.add("gap: got seq " + m.seq() + " after " + lastSeq);
        }
        receivedAt.add(System.nanoTime());
        received.add(m.message());
        lastSeq = m.seq();
    }

    private void sendLoop() {
        while (!stopped && close == null && errors.isEmpty()) {
            try {
                if (inFlight.isEmpty()) {
                    Message first = outgoing.poll(20, TimeUnit.MILLISECONDS);
                    if (first != null) {
                        inFlight.add(first);
                        outgoing.drainTo(inFlight, 199);
                    }
                }
                boolean sseAckDue = transport.equals("sse") && lastSeq > ackedSent;
                if (inFlight.isEmpty() && !sseAckDue) {
                    continue;
                }
                List<Message> batch = new ArrayList<>(inFlight);
                long ack = lastSeq;
                String extra = (batch.isEmpty() ? "" : "&seq=" + (sentSeq + 1)) + "&ack=" + ack;
                requests++;
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(extra)))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(SessionCodec.encodePost(batch))).build(),
                        HttpResponse.BodyHandlers.ofString());
                int expected = batch.isEmpty() ? 204 : 200; // a bare acknowledgement has nothing to report
                if (r.statusCode() != expected) {
                    errors.add("POST " + r.statusCode() + " " + r.body());
                    return;
                }
                ackedSent = ack;
                sentSeq += batch.size();
                inFlight.clear();
            } catch (IOException e) {
                retried();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                errors.add(e.toString());
                return;
            }
        }
    }

    private void retried() {
        retries++;
        try {
            Thread.sleep(5); // a tiny backoff before retrying the same request
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends a DELETE (client close). */
    int delete(int code, String reason) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url("&code=" + code + "&reason=" + reason)))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Override
    public void close() {
        stopped = true;
        if (receiver != null) {
            receiver.interrupt();
        }
        if (sender != null) {
            sender.interrupt();
        }
    }

    private static Thread start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
