package dev.pushwire.bench.internal.transports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One run of the comparison as written to {@code bench/results/transports-<time>.json}, and its cells. */
record TransportResults(String command, String date, Map<String, String> machine, String loadBefore,
                        String loadAfter, String windowPerRate, Map<String, String> requestHeaders,
                        List<Cell> cells, List<String> problems) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One transport at one load. Bytes and requests are the relay's counts over the window and the drain after it,
     * divided by delivered messages; CPU is percent of one core over the same time; RSS at its end.
     */
    record Cell(String transport, int clients, int rate, int messages, long expected, long delivered, long missing,
                long duplicated, double p50Ms, double p99Ms, double maxMs, long bytesUp, long bytesDown,
                long httpRequests, long tcpConnections, double seconds, double upBytesPerMessage,
                double downBytesPerMessage, double requestsPerMessage, double serverCpuPct, double serverRssMiB,
                double clientCpuPct) {
        String key() {
            return transport + "/" + clients + "/" + rate;
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
