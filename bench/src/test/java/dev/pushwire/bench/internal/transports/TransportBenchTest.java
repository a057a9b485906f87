package dev.pushwire.bench.internal.transports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.bench.internal.PeerProjects;
import dev.pushwire.testkit.ExternalTool;
import dev.pushwire.testkit.NodeProject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transports bench in its smallest form, with real processes: Node load clients (bench/peers/transports,
 * installed by {@code npm ci}) through the real relay, against a Pushwire server process speaking the SSE session
 * protocol and the plain Node SSE peer, and against a plain Node long-poll peer made to drop one message and send
 * another twice. Under CI=true a missing node or npm fails these tests.
 */
class TransportBenchTest {
    private static final Path PEERS = NodeProject.repoRoot().resolve("bench/peers/transports");

    @BeforeAll
    static void install() throws Exception {
        ExternalTool.NODE.require();
        ExternalTool.NPM.require();
        PeerProjects.npmCi(PEERS, "ws", "socket.io", "socket.io-client");
    }

    private static TransportBench.Settings settings(List<String> systems, double maxClientCpu, List<String> peerArgs) {
        return new TransportBench.Settings(systems, List.of(new TransportBench.Load(3, 20)), List.of(),
                Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(5), List.of("-Xmx256m"), null, PEERS,
                PEERS, 0, 4, 8000, maxClientCpu, peerArgs);
    }

    @Test
    @Timeout(90)
    void countsEveryMessageOfPushwireSseAndPlainSseAndWritesJsonAndTables(@TempDir Path dir) throws Exception {
        TransportResults results = new TransportBench(settings(List.of("pushwire-sse", "node-sse"), 85, List.of()),
                System.out).run("test");

        assertThat(results.problems()).isEmpty();
        assertThat(results.cells()).extracting(TransportResults.Cell::system).containsExactly("pushwire-sse", "node-sse");
        for (TransportResults.Cell c : results.cells()) {
            assertThat(c.expected()).as(c.key()).isEqualTo(3 * 20);
            assertThat(c.delivered()).as(c.key()).isEqualTo(c.expected());
            assertThat(c.lost()).as(c.key()).isZero();
            assertThat(c.duplicated()).as(c.key()).isZero();
            // every delivered message crossed the relay: at least its 60-byte text came down
            assertThat(c.downBytesPerMessage()).as(c.key()).isGreaterThan(Publisher.MESSAGE_BYTES);
            assertThat(c.p99Ms()).as(c.key()).isGreaterThanOrEqualTo(c.p50Ms()).isPositive();
            assertThat(c.clientCpuPct()).as(c.key()).hasSize(1);
            assertThat(c.serverRssMiB()).as(c.key()).isPositive();
        }
        assertThat(Publisher.text(12, 1_733_500_000_000_000L)).hasSize(Publisher.MESSAGE_BYTES);

        TransportResults back = TransportResults.read(results.write(dir));
        assertThat(back.cells()).containsExactlyElementsOf(results.cells());
        String table = TransportsTable.render(List.of(back, back));
        assertThat(table).contains("| 3 clients × 20 msg/s |", "| pushwire-sse / node-sse | 3x20 |",
                "pushwire-sse bytes down/msg within 10 % of node-sse's");
        assertThat(TransportsChart.render(List.of(back))).startsWith("<svg").contains("node-sse").endsWith("</svg>\n");
    }

    @Test
    @Timeout(60)
    void reportsALostAndADuplicatedMessageAndRefusesACellWhoseClientsAreOverTheCpuLimit() throws Exception {
        // the peer drops message 3 and sends message 5 twice; a limit below any measured CPU stands for saturation
        TransportResults results = new TransportBench(settings(List.of("node-longpoll"), -1, List.of("drop=3", "dup=5")),
                System.out).run("test");

        TransportResults.Cell c = results.cells().get(0);
        assertThat(c.lost()).isEqualTo(3);
        assertThat(c.duplicated()).isEqualTo(3);
        assertThat(results.problems()).contains("node-longpoll/3x20: lost 3, duplicated 3");
        assertThat(c.valid()).isFalse();
        assertThat(c.invalidReason()).startsWith("client process 1 of 1 at ");
        assertThat(TransportsTable.render(List.of(results))).contains("| node-longpoll | refused: client process 1 of 1 at ");
    }
}
