package dev.pushwire.bench.internal.cluster;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One run of the cluster benchmark, as written to {@code bench/results/cluster-<date>.json}: what ran, on what
 * machine, and one {@link Step} per system and publish rate.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ClusterResults(String command, String date, Map<String, String> machine, String loadAverageStart,
                      String loadAverageEnd, Map<String, String> settings, Map<String, String> versions,
                      List<Step> steps, List<String> problems) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One measured step. {@code rate}: publications per second over all publishers; {@code offeredPerS}: deliveries
     * per second that rate asks for; {@code deliveriesPerS}: deliveries counted ÷ the time from the first publication
     * to the last delivery (at least the window); latencies publish→deliver in milliseconds; CPU in percent of one
     * core over the step ({@code nodesCpuPct} the sum of the nodes, {@code nodeCpuPct} each); {@code generatorLoopMaxPct}
     * the busiest load-generator event loop; {@code refused} why the step does not count (null when it does);
     * {@code sustained}: it counts, nothing was lost or duplicated and it delivered at least 95 % of the offered rate.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Step(String system, double rate, double offeredPerS, double deliveriesPerS, double p50Ms, double p99Ms,
                double maxMs, long expected, long delivered, long lost, long duplicated, long misrouted,
                long publishErrors, double redisCpuPct, double nodesCpuPct, List<Double> nodeCpuPct,
                double generatorCpuPct, double generatorLoopMaxPct, double machineCpuPct, double seconds,
                String loadAverage, String refused, boolean sustained) {
    }

    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("cluster-" + date.replace(":", "") + ".json");
        JSON.writeValue(file.toFile(), this);
        return file;
    }

    static ClusterResults read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), ClusterResults.class);
    }
}
