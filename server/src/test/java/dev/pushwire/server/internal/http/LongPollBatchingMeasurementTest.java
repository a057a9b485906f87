package dev.pushwire.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.core.Message;
import dev.pushwire.server.HttpTransportOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-polling batching lever, measured: 100 messages per second to one long-polling client for each linger
 * budget ({@code longPollLinger}; the linger itself adapts, see AdaptiveLinger), counting polls per message and the latency from send to receipt. Logs a table (see docs/protocol.md);
 * asserts only what must hold whatever the machine's load: every message arrives, and a long linger batches more
 * than none.
 */
class LongPollBatchingMeasurementTest {
    private static final Logger log = LoggerFactory.getLogger(LongPollBatchingMeasurementTest.class);
    private static final int MESSAGES = 300;

    @Test
    void lingerTradesLatencyForFewerPolls() throws Exception {
        List<String> table = new ArrayList<>();
        double[] pollsPerMessage = new double[3];
        long[] lingers = {0, 5, 50};
        for (int i = 0; i < lingers.length; i++) {
            Result r = measure(lingers[i]);
            pollsPerMessage[i] = r.pollsPerMessage;
            table.add(String.format("linger %3d ms: %.2f polls/message, latency median %d ms, p99 %d ms",
                    lingers[i], r.pollsPerMessage, r.medianMs, r.p99Ms));
        }
        log.info("Long polling at 100 messages/s:\n  {}", String.join("\n  ", table));
        assertThat(pollsPerMessage[2]).as(String.join("; ", table)).isLessThan(pollsPerMessage[0]);
    }

    private Result measure(long lingerMs) throws Exception {
        List<Connection> connections = new CopyOnWriteArrayList<>();
        try (TestHttpServer server = new TestHttpServer(HttpTransportOptions.builder()
                .longPollLinger(Duration.ofMillis(lingerMs)).build(), List.of())) {
            server.endpoint("/feed", ConnectionLimits.DEFAULT, connections::add);
            try (SessionTestClient client = new SessionTestClient(server.url("/feed"), "longpolling").start()) {
                await().atMost(Duration.ofSeconds(5)).until(() -> connections.size() == 1);
                Connection c = connections.get(0);
                long pollsBefore = client.requests;
                long next = System.nanoTime();
                for (int i = 0; i < MESSAGES; i++) {
                    next += 10_000_000L; // 100 per second: a paced producer, not a wait
                    LockSupport.parkNanos(next - System.nanoTime());
                    c.send(Long.toString(System.nanoTime()));
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> client.received.size() == MESSAGES);
                long polls = client.requests - pollsBefore;
                List<Long> latencies = new ArrayList<>();
                for (int i = 0; i < MESSAGES; i++) {
                    Message m = client.received.get(i);
                    latencies.add(client.receivedAt.get(i) - Long.parseLong(m.text()));
                }
                Collections.sort(latencies);
                return new Result((double) polls / MESSAGES, latencies.get(MESSAGES / 2) / 1_000_000,
                        latencies.get(MESSAGES * 99 / 100) / 1_000_000);
            }
        }
    }

    private record Result(double pollsPerMessage, long medianMs, long p99Ms) {
    }
}
