package dev.pushwire.bench.internal.transports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport comparison in its smallest form, against a real Pushwire server process through the real relay:
 * two clients per transport, 20 messages per second for half a second.
 */
class TransportBenchTest {
    @Test
    @Timeout(60)
    void everyPushwireTransportDeliversEveryMessageOnceAndTheRelayCountsTheWire(@TempDir Path dir) throws Exception {
        List<String> transports = List.of("websocket", "sse", "longpolling", "polling-100ms", "polling-1s");
        TransportBench.Settings settings = new TransportBench.Settings(transports, List.of(2), List.of(20),
                Duration.ofMillis(500), 5, Duration.ofSeconds(3), false, List.of("-Xmx256m"), dir);

        TransportResults results = new TransportBench(settings, System.out).run("test");

        assertThat(results.problems()).isEmpty();
        assertThat(results.cells()).extracting(TransportResults.Cell::transport).containsExactlyElementsOf(transports);
        for (TransportResults.Cell c : results.cells()) {
            assertThat(c.expected()).as(c.key()).isEqualTo(2 * 10);
            assertThat(c.delivered()).as(c.key()).isEqualTo(c.expected());
            assertThat(c.missing()).as(c.key()).isZero();
            assertThat(c.duplicated()).as(c.key()).isZero();
            // every delivered message crossed the relay: at least its payload ({"i":..,"t":..}, 29+ bytes) came down
            assertThat(c.downBytesPerMessage()).as(c.key()).isGreaterThan(29);
            assertThat(c.p50Ms()).as(c.key()).isPositive();
        }
        TransportResults.Cell ws = cell(results, "websocket");
        assertThat(ws.httpRequests()).as("no HTTP request during a WebSocket window").isZero();
        // a small text frame server to client: 2 bytes of header on top of the payload
        assertThat(ws.downBytesPerMessage()).isLessThan(29 + 2 + 8);
        TransportResults.Cell longPoll = cell(results, "longpolling");
        assertThat(longPoll.httpRequests()).as("long polls counted by the relay").isPositive();
        assertThat(longPoll.upBytesPerMessage()).as("browser-like headers go up with every poll").isGreaterThan(300);
        TransportResults.Cell slowPoll = cell(results, "polling-1s");
        assertThat(slowPoll.requestsPerMessage()).isLessThan(1);

        Path file = results.write(dir);
        assertThat(TransportResults.read(file).cells()).hasSize(transports.size());
        assertThat(TransportsTable.render(List.of(results))).contains("| websocket | 2 | 20 |");
        String svg = TransportsChart.render(List.of(results), 2);
        assertThat(svg).startsWith("<svg").contains("polling-1s").endsWith("</svg>\n");
        assertThat(Files.size(file)).isPositive();
    }

    private static TransportResults.Cell cell(TransportResults r, String transport) {
        return r.cells().stream().filter(c -> c.transport().equals(transport)).findFirst().orElseThrow();
    }
}
