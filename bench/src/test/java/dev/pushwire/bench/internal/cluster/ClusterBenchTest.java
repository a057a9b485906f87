package dev.pushwire.bench.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.testkit.ExternalTool;
import dev.pushwire.testkit.NodeProject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster benchmark in its smallest form against a real cluster: a redis-server and three Socket.IO nodes on
 * the Redis pub/sub adapter (the npm project bench/peers/socketio-cluster, installed by {@code npm ci}), 30
 * subscribers over 3 rooms, three publishers for one second. The harness must count every delivery once, measure
 * latency and the processes' CPU, and write and read back its results. (The Pushwire side needs the app's fat jar,
 * which this module does not build; {@code bench/run cluster} runs it.)
 */
class ClusterBenchTest {
    @Test
    @Timeout(180)
    void countsEveryDeliveryOfASocketIoClusterOnRedis(@TempDir Path out) throws Exception {
        Path redis = ExternalTool.REDIS_SERVER.require();
        ExternalTool.NODE.require();
        ExternalTool.NPM.require();
        Path peer = NodeProject.repoRoot().resolve("bench/peers/socketio-cluster");
        ClusterCommand.npmCi(peer);
        ClusterBench.Settings settings = new ClusterBench.Settings(List.of(ClusterSystem.SOCKETIO_REDIS), 3, 30, 3, 3,
                List.of(30.0), Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(10), 1, 90,
                new ClusterNodes.Launch("java", List.of(), Path.of("unused.jar"), peer, redis.toString()));

        ClusterResults results = new ClusterBench(settings, System.out).run("test");

        assertThat(results.problems()).isEmpty();
        assertThat(results.steps()).hasSize(1);
        ClusterResults.Step step = results.steps().get(0);
        // 30 publications in all, each to one of 3 rooms of 10 subscribers: 300 deliveries
        assertThat(step.expected()).isEqualTo(300);
        assertThat(step.delivered()).isEqualTo(300);
        assertThat(step.lost()).isZero();
        assertThat(step.duplicated()).isZero();
        assertThat(step.misrouted()).isZero();
        assertThat(step.p50Ms()).isPositive();
        assertThat(step.p99Ms()).isGreaterThanOrEqualTo(step.p50Ms());
        assertThat(step.nodeCpuPct()).hasSize(3);
        assertThat(step.nodesCpuPct()).isPositive();
        assertThat(step.refused()).isNull();
        assertThat(step.deliveriesPerS()).isPositive(); // whether it kept up depends on the machine's load: not asserted
        assertThat(results.versions().get("socketio-redis")).contains("socket.io 4.8.4", "@socket.io/redis-adapter 8.3.0");

        Path file = results.write(out);
        ClusterResults back = ClusterResults.read(file);
        assertThat(back.steps()).containsExactlyElementsOf(results.steps());
        assertThat(ClusterTable.render(List.of(back, back))).contains("| socketio-redis | 30 | 300 (300, 300) |");
    }
}
