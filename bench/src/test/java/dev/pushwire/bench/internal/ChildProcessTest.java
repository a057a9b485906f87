package dev.pushwire.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pushwire.testkit.ExternalTool;
import dev.pushwire.testkit.Loopback;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench's child processes: started, waited for on their port, their CPU read, stopped by their handle. */
class ChildProcessTest {

    @Test
    void aChildThatListensIsWaitedForMeteredAndStopped() throws Exception {
        String node = ExternalTool.NODE.require().toString();
        int port = ChildProcess.freePort();
        ChildProcess child = new ChildProcess("listener", List.of(node, "-e",
                "let x = 0; for (let i = 0; i < 3e7; i++) x += i; "
                        + "require('net').createServer().listen(" + port + ", '127.0.0.1', () => console.log('up'))"),
                null);
        try {
            child.awaitPort(port, Duration.ofSeconds(30));
            assertThat(child.awaitLine("up", Duration.ofSeconds(10))).isEqualTo("up");
            assertThat(child.cpuNanos()).as("a busy loop ran before it listened").isPositive();
            assertThat(ProcStats.percentOfCore(5_000_000, 10_000_000)).isEqualTo(50.0);
        } finally {
            child.close();
        }
        assertThat(child.isAlive()).isFalse();
        assertThat(Loopback.accepts(port)).isFalse();
    }

    @Test
    void aChildThatExitsBeforeListeningIsReportedAtOnce() throws Exception {
        String node = ExternalTool.NODE.require().toString();
        try (ChildProcess child = new ChildProcess("quitter", List.of(node, "-e", "process.exit(3)"), null)) {
            int port = ChildProcess.freePort();
            // not the timeout's "did not listen": it saw the exit
            assertThatThrownBy(() -> child.awaitPort(port, Duration.ofSeconds(60)))
                    .hasMessageContaining("quitter").hasMessageContaining("exited before it listened on port " + port);
        }
        assertThat(ChildProcess.outputOf(node, "--version")).startsWith("v");
        assertThat(ChildProcess.outputOf("/no/such/program")).isEqualTo("?");
    }
}
