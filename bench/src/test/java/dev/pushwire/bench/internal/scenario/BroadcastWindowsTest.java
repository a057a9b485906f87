package dev.pushwire.bench.internal.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** How a broadcast cell's latencies come out of its measured windows. */
class BroadcastWindowsTest {
    @Test
    void oneStalledWindowMovesThePooledP99ButNotTheReportedOne() {
        // three windows of 100 publications to 100 subscribers, deliveries 1-100 ms after each publish; in the
        // second window the machine stalled for 5 publications (their deliveries 900 ms late)
        List<Histogram> windows = List.of(window(0), window(5), window(0));
        Map<String, Double> metrics = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();

        BroadcastScenario.putWindowLatencies(metrics, notes, windows);

        assertThat(metrics.get(Metric.P99)).isBetween(98_000.0, 101_000.0);
        assertThat(metrics.get(Metric.P99_POOLED)).isGreaterThan(900_000.0);
        assertThat(metrics.get(Metric.P99_HIGHEST)).isGreaterThan(900_000.0);
        assertThat(metrics.get(Metric.P99_LOWEST)).isLessThanOrEqualTo(metrics.get(Metric.P99));
        assertThat(metrics.get(Metric.MAX)).isGreaterThan(900_000.0);
        assertThat(notes).singleElement().asString().startsWith("p99 per window (us): [");
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(BroadcastScenario.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(BroadcastScenario.median(List.of(7.0))).isEqualTo(7.0);
    }

    @Test
    void windowsWithoutDeliveriesAreLeftOutOfTheMedian() {
        Map<String, Double> metrics = new LinkedHashMap<>();

        BroadcastScenario.putWindowLatencies(metrics, new ArrayList<>(),
                List.of(new Histogram(1, 120_000_000_000L, 3), window(0)));

        assertThat(metrics.get(Metric.P99)).isBetween(98_000.0, 101_000.0);
    }

    /** 100 publications, each delivered to 100 subscribers 1..100 ms after it; {@code stalled} of them 900 ms. */
    private static Histogram window(int stalled) {
        Histogram h = new Histogram(1, 120_000_000_000L, 3);
        for (int pub = 0; pub < 100; pub++) {
            for (int sub = 1; sub <= 100; sub++) {
                h.recordValue(pub < stalled ? 900_000_000L : sub * 1_000_000L);
            }
        }
        return h;
    }
}
