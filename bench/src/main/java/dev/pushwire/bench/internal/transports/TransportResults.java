package dev.pushwire.bench.internal.transports;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One run of the comparison as written to {@code bench/results/transports-<time>.json}, and its cells. */
record TransportResults(String command, String date, Map<String, String> machine, String loadBefore,
                        String loadAfter, String window, Map<String, String> versions,
                        Map<String, String> requestHeaders, List<Cell> cells, List<String> problems) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * One system at one load ({@code clients} × {@code rate} messages a second). Bytes and requests are the relay's
     * counts over the window and the drain after it, divided by delivered messages; CPU is percent of one core over
     * the same time ({@code serverCpuMicrosPerDelivery}: the server's CPU time per delivered message); RSS at its
     * end. {@code clientCpuPct} has one value per Node client process; {@code relayCpuPct} is the harness JVM's
     * (relay and publisher). A cell is {@code valid} unless its clients (or the relay) were the bottleneck:
     * {@code invalidReason} says why. {@code relayed} false: the clients connected straight to the server (the hub
     * scenario's 10,000), so bytes and requests were not counted (0).
     */
    record Cell(String system, String transport, int clients, int rate, int messages, long expected, long delivered,
                long lost, long duplicated, double p50Ms, double p99Ms, double maxMs, long bytesUp, long bytesDown,
                long httpRequests, long tcpConnections, double seconds, double upBytesPerMessage,
                double downBytesPerMessage, double requestsPerMessage, double serverCpuPct,
                double serverCpuMicrosPerDelivery, double serverRssMiB, List<Double> clientCpuPct,
                double clientLagP99Ms, double relayCpuPct, long clientErrors, String firstClientError, boolean valid,
                String invalidReason, boolean relayed) {
        String key() {
            return system + "/" + clients + "x" + rate;
        }

        String load() {
            return clients + "x" + rate;
        }

        double clientCpuMaxPct() {
            return clientCpuPct.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }
    }

    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("transports-" + date.replace(":", "").replace("-", "").replace("T", "-")
                .replaceAll("\\..*|Z", "") + ".json");
        JSON.writeValue(file.toFile(), this);
        return file;
    }

    static TransportResults read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), TransportResults.class);
    }
}
