package dev.pushwire.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.bench.internal.WsBench;
import dev.pushwire.bench.internal.load.ClientTransport;
import dev.pushwire.bench.internal.peer.Peer;
import dev.pushwire.bench.internal.peer.PeerProcess;
import dev.pushwire.bench.internal.report.MarkdownReport;
import dev.pushwire.bench.internal.report.ResultsFile;
import dev.pushwire.bench.internal.report.RunReport;
import dev.pushwire.bench.internal.scenario.BenchSettings;
import dev.pushwire.bench.internal.scenario.BroadcastScenario;
import dev.pushwire.bench.internal.scenario.EchoScenario;
import dev.pushwire.bench.internal.scenario.IdleScenario;
import dev.pushwire.bench.internal.scenario.Metric;
import dev.pushwire.bench.internal.scenario.ScenarioResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the harness end to end on one peer: the raw Netty server runs in a child process, the load generator
 * drives echo, broadcast and idle scenarios against it over loopback, and the run round-trips through JSON into a
 * markdown table. Short windows: it checks that the numbers exist and are sane, not how fast anything is.
 */
class WsBenchSmokeTest {
    @TempDir
    Path results;

    @Test
    @Timeout(120)
    void quickRunAgainstRawNettyMeasuresEchoBroadcastAndIdleConnections() throws Exception {
        BenchSettings settings = new BenchSettings(Duration.ofMillis(500), Duration.ofMillis(800), 2, 300, 128,
                10_000, Duration.ofMillis(200), 3, Duration.ofMillis(400), ClientTransport.parse("auto"),
                Duration.ofMillis(200));
        PeerProcess.Launch launch = PeerProcess.Launch.fromThisJvm(List.of("-Xmx256m"), Path.of("peers/node"));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        RunReport report = new WsBench(List.of(Peer.NETTY),
                List.of(new EchoScenario(20, 4, 32), new BroadcastScenario(100), new IdleScenario(300)),
                settings, launch, new PrintStream(progress, true, StandardCharsets.UTF_8)).run("test");

        assertThat(report.problems()).as(progress.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(report.peers().get("netty")).contains("Netty").contains("epoll");
        assertThat(report.machine()).containsKeys("nproc", "cpu", "kernel", "jdk", "loadavg_start");
        assertThat(report.settings()).containsEntry(WsBench.PEER_ORDER, "netty")
                .containsEntry(WsBench.BROADCAST_WINDOWS, "3 x PT0.4S")
                .containsEntry(WsBench.CLIENT_TRANSPORT, settings.clientTransport().describe())
                .containsEntry(WsBench.ECHO_GENERATOR, "java (Netty, in the harness)")
                .containsEntry(WsBench.GENERATOR_WARMUP, "PT0.2S per scenario against netty");
        assertThat(progress.toString(StandardCharsets.UTF_8))
                .as("the generator warms up before the first measured peer starts")
                .containsSubsequence("generator warm-up: [echo-32B-20c-4f, broadcast-100s] against netty",
                        "[netty] started");

        ScenarioResult echo = result(report, "echo-32B-20c-4f");
        assertThat(echo.metric(Metric.ERRORS)).isZero();
        assertThat(echo.metric(Metric.RATE)).isGreaterThan(100.0);
        assertThat(echo.metric(Metric.P50)).isPositive().isLessThanOrEqualTo(echo.metric(Metric.P99));
        assertThat(echo.metric(Metric.SERVER_CPU)).isPositive();
        assertThat(echo.metric(Metric.CLIENT_CPU)).isPositive();
        assertThat(echo.metric(Metric.CLIENT_BOUND)).isIn(0.0, 1.0);

        ScenarioResult broadcast = result(report, "broadcast-100s");
        assertThat(broadcast.metric(Metric.ERRORS)).isZero();
        assertThat(broadcast.metric(Metric.CONNECTIONS)).isEqualTo(100.0);
        assertThat(broadcast.metric(Metric.RATE)).isPositive();
        assertThat(broadcast.metric(Metric.DUPLICATES)).isZero();
        assertThat(broadcast.metric(Metric.MISSING)).isNotNull().isGreaterThanOrEqualTo(0.0);
        assertThat(broadcast.metric(Metric.P99)).as("the median of three windows' p99s")
                .isBetween(broadcast.metric(Metric.P99_LOWEST), broadcast.metric(Metric.P99_HIGHEST));
        assertThat(broadcast.metric(Metric.P99_POOLED)).isPositive();
        assertThat(broadcast.notes()).anyMatch(n -> n.startsWith("p99 per window (us): ["));

        ScenarioResult idle = result(report, "idle");
        assertThat(idle.metric(Metric.CONNECTIONS)).isEqualTo(300.0);
        assertThat(idle.metric(Metric.CONNECT_RATE)).isPositive();
        assertThat(idle.metric(Metric.RSS_PER_CONNECTION)).isNotNull();

        RunReport reread = ResultsFile.read(ResultsFile.write(results, report));
        assertThat(reread).isEqualTo(report);
        String markdown = MarkdownReport.render(List.of(reread, reread));
        assertThat(markdown).contains("#### echo-32B-20c-4f", "#### broadcast-100s", "#### idle", "| netty |",
                "| peer order |", "`test` | netty |", "| client_bound |");
    }

    private static ScenarioResult result(RunReport report, String scenario) {
        return report.results().stream().filter(r -> r.scenario().equals(scenario)).findFirst()
                .orElseThrow(() -> new AssertionError("no result for " + scenario + " in " + report.results()));
    }
}
