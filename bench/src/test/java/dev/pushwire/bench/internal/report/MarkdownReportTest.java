package dev.pushwire.bench.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.bench.internal.scenario.Metric;
import dev.pushwire.bench.internal.scenario.ScenarioResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the markdown says about a ratio the load generator may have set, and which generator it was. */
class MarkdownReportTest {
    @Test
    void aRatioFromACellTheGeneratorBoundInARunSaysSo() {
        RunReport run1 = run(echo("pushwire", 94_171, 1), echo("vertx", 81_038, 0));
        RunReport run2 = run(echo("pushwire", 132_927, 0), echo("vertx", 72_269, 0));

        String markdown = MarkdownReport.render(List.of(run1, run2));

        assertThat(markdown).contains("| client_bound |").contains("1.48× (client-bound) |");
    }

    @Test
    void aRatioFromCellsTheServerBoundIsPlain() {
        String markdown = MarkdownReport.render(List.of(run(echo("pushwire", 120_000, 0), echo("vertx", 80_000, 0))));

        assertThat(markdown).contains("| 1.50× |").doesNotContain("(client-bound)");
    }

    @Test
    void eachRunSaysWhichGeneratorDroveItsEchoesAndRunsBeforeTheCOneHadTheJavaOne() {
        RunReport c = new RunReport("test", "2026-12-07T04:00:00Z", Map.of("nproc", "2"), Map.of(),
                Map.of("echo_generator", "c (/repo/bench/target/wsecho)", "peer_order", "pushwire,vertx"),
                List.of(echo("pushwire", 120_000, 0)), List.of());
        RunReport old = run(echo("pushwire", 100_000, 0));

        String markdown = MarkdownReport.render(List.of(c, old));

        assertThat(markdown).contains("| echo generator |", "| pushwire, vertx | c |", "| not recorded | java |");
    }

    private static ScenarioResult echo(String peer, double rate, double clientBound) {
        return new ScenarioResult(peer, "echo-32B-100c-1f",
                Map.of(Metric.RATE, rate, Metric.CLIENT_BOUND, clientBound, Metric.ERRORS, 0.0), List.of());
    }

    private static RunReport run(ScenarioResult... results) {
        return new RunReport("test", "2026-12-07T00:00:00Z", Map.of("nproc", "2"), Map.of(), Map.of(),
                List.of(results), List.of());
    }
}
