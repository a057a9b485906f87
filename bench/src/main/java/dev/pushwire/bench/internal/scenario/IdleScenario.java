package dev.pushwire.bench.internal.scenario;

import dev.pushwire.bench.internal.ProcStats;
import dev.pushwire.bench.internal.load.WsConnection;
import dev.pushwire.bench.internal.load.WsLoadClient;
import dev.pushwire.bench.internal.peer.PeerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Many idle connections on a freshly started peer: opens them to {@code /echo} as fast as the server takes them
 * (a bounded number of upgrades in progress), then waits for things to settle and reads the server's RSS. Before
 * each RSS reading the peer runs a full GC (System.gc(); Node's global.gc()), so garbage from the handshakes is not
 * counted as memory the connections hold. Before the baseline reading, a warm-up batch of connections is opened and
 * closed, so code loaded and compiled by the first handshakes (a one-time cost of every peer, several MiB for a
 * JVM) is not divided among the connections. Reports upgrades per second (of the measured batch) and RSS growth per
 * connection. The count is capped below both processes' open-file limits (this machine's hard limit is 20,000).
 */
public final class IdleScenario implements Scenario {
    private static final int FD_HEADROOM = 300;
    private static final int WARM_UP_CONNECTIONS = 1000;
    private final Integer connections;

    /** Idle connections: {@code connections}, or null for the run's setting. */
    public IdleScenario(Integer connections) {
        this.connections = connections;
    }

    @Override
    public String name() {
        return "idle";
    }

    @Override
    public boolean needsFreshPeer() {
        return true;
    }

    @Override
    public ScenarioResult run(PeerProcess peer, BenchSettings settings) throws Exception {
        List<String> notes = new ArrayList<>();
        Map<String, Double> metrics = new LinkedHashMap<>();
        int wanted = connections != null ? connections : settings.idleConnections();
        long limit = Math.min(ProcStats.openFileLimit(peer.pid()), ProcStats.openFileLimit(ProcStats.self()));
        int count = (int) Math.min(wanted, limit - FD_HEADROOM);
        if (count < wanted) {
            notes.add("capped at " + count + " connections by the open-file limit " + limit + " (ulimit -n)");
        }
        WsConnection.Listener idle = new WsConnection.Listener() {
            @Override
            public void onOpen(WsConnection conn) {
            }

            @Override
            public void onMessage(WsConnection conn, int opcode, long length, byte[] prefix, int prefixLength) {
            }
        };
        int warmUp = Math.min(WARM_UP_CONNECTIONS, count);
        try (WsLoadClient client = new WsLoadClient(peer.port(), settings.clientThreads())) {
            Connector.open(client, "/echo", warmUp, settings.connectConcurrency(), Duration.ofSeconds(60), idle);
        } // closing the client closes the warm-up connections
        Thread.sleep(settings.settle().toMillis()); // let the peer see the closes before the baseline
        peer.collectGarbage();
        long rssBefore = ProcStats.rssBytes(peer.pid());
        try (WsLoadClient client = new WsLoadClient(peer.port(), settings.clientThreads())) {
            Window window = Window.open(peer.pid());
            Connector.Opened opened = Connector.open(client, "/echo", count, settings.connectConcurrency(),
                    Duration.ofSeconds(180), idle);
            double seconds = window.close();
            Thread.sleep(settings.settle().toMillis()); // idle time before reading memory is the point here
            peer.collectGarbage();
            long rssAfter = ProcStats.rssBytes(peer.pid());
            int open = (int) opened.connections().stream().filter(WsConnection::isOpen).count();
            metrics.put(Metric.CONNECTIONS, (double) open);
            metrics.put(Metric.CONNECT_RATE, (double) Math.round(opened.connections().size() / seconds));
            if (open > 0) {
                metrics.put(Metric.RSS_PER_CONNECTION, (double) Math.round((rssAfter - rssBefore) / (double) open));
            }
            metrics.put(Metric.SERVER_RSS_MIB, Window.round(rssAfter / 1048576.0, 1));
            window.report(metrics);
            metrics.put(Metric.ERRORS, (double) (opened.failureCount() + opened.connections().size() - open));
            notes.add(String.format("RSS %.1f MiB before, %.1f MiB after %d connections",
                    rssBefore / 1048576.0, rssAfter / 1048576.0, open));
            if (opened.failureCount() > 0) {
                notes.add("upgrade failures: " + opened.failures());
            }
        }
        return new ScenarioResult(peer.peer().id(), name(), metrics, notes);
    }
}
