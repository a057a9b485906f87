package dev.pushwire.bench.internal.cluster;

import dev.pushwire.bench.internal.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One cluster under test, as separate processes on free loopback ports: a fresh {@code redis-server} (no
 * persistence) and {@code n} nodes that use it: {@code java -jar pushwire.jar serve --broker redis://... --node-id nK}
 * or {@code node bench/peers/socketio-cluster/node.js PORT REDIS_URL ADAPTER}. {@link #close()} stops every one of
 * them by its own handle. Harness thread only.
 */
final class ClusterNodes implements AutoCloseable {
    /** Where the processes are and how to start them. */
    record Launch(String java, List<String> jvmOptions, Path pushwireJar, Path socketIoDir, String redisServer) {
    }

    private final ChildProcess redis;
    private final int redisPort;
    private final List<ChildProcess> nodes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    private ClusterNodes(ChildProcess redis, int redisPort) {
        this.redis = redis;
        this.redisPort = redisPort;
    }

    /** Starts Redis and {@code count} nodes of {@code system}; waits until each accepts connections. */
    static ClusterNodes start(ClusterSystem system, int count, Launch launch) throws Exception {
        int redisPort = ChildProcess.freePort();
        Path redisDir = Files.createTempDirectory("pushwire-bench-redis");
        ChildProcess redis = new ChildProcess("redis-server", List.of(launch.redisServer(), "--port",
                Integer.toString(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", redisDir.toString(), "--loglevel", "warning"), redisDir);
        ClusterNodes cluster = new ClusterNodes(redis, redisPort);
        try {
            redis.awaitPort(redisPort, Duration.ofSeconds(20));
            String redisUri = "redis://127.0.0.1:" + redisPort;
            for (int k = 1; k <= count; k++) {
                int port = ChildProcess.freePort();
                ChildProcess node;
                if (system.socketIo()) {
                    node = new ChildProcess(system.id() + "-n" + k, List.of("node", "node.js", Integer.toString(port),
                            redisUri, system.socketIoAdapter()), launch.socketIoDir());
                } else {
                    List<String> cmd = new ArrayList<>();
                    cmd.add(launch.java());
                    cmd.addAll(launch.jvmOptions());
                    cmd.addAll(List.of("-jar", launch.pushwireJar().toString(), "serve", "--host", "127.0.0.1",
                            "--port", Integer.toString(port), "--broker", redisUri, "--node-id", "n" + k));
                    node = new ChildProcess("pushwire-n" + k, cmd, null);
                }
                cluster.nodes.add(node);
                cluster.ports.add(port);
                // one at a time: three JVMs starting at once on two cores can take longer than the broker's
                // connect timeout to reach Redis
                node.awaitPort(port, Duration.ofSeconds(90));
            }
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The nodes' ports, node 1 first. */
    List<Integer> ports() {
        return List.copyOf(ports);
    }

    /** The nodes' process ids, node 1 first. */
    List<Long> nodePids() {
        return nodes.stream().map(ChildProcess::pid).toList();
    }

    /** The nodes' processes, node 1 first. */
    List<ChildProcess> nodes() {
        return List.copyOf(nodes);
    }

    ChildProcess redis() {
        return redis;
    }

    int redisPort() {
        return redisPort;
    }

    /** Whether Redis and every node still run. */
    boolean allAlive() {
        return redis.isAlive() && nodes.stream().allMatch(ChildProcess::isAlive);
    }

    @Override
    public void close() throws InterruptedException {
        for (ChildProcess node : nodes) {
            node.close();
        }
        redis.close();
    }

    /** {@code redis-server --version}'s first line, for the record. */
    static String redisVersion(String redisServer) {
        return ChildProcess.outputOf(redisServer, "--version").lines().findFirst().orElse("?");
    }
}
