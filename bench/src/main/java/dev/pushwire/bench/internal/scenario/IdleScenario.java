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
 * Many idle connections on a freshly started peer, measured the way an outside client can measure a server (issue
 * 16's method): the peer's RSS once it serves and has settled (its start-up footprint, reported on its own), then
 * the connections opened to {@code /echo} as fast as the server takes them (a bounded number of upgrades in
 * progress), no warm-up batch, an idle hold of the run's measured window (8 s in a full run), and RSS again. RSS
 * growth over the connections is the headline figure: garbage the handshakes left and code the first handshakes
 * loaded count, since a server that has just started pays them too and a client cannot force a GC.
 *
 * <p>Then, with the connections still open, the peer is asked for a full GC (System.gc(); Node's global.gc()) and
 * RSS is read a third time: {@link Metric#RSS_PER_CONNECTION_AFTER_GC}, clearly a second figure (memory returned
 * only by a collection nobody outside can ask for). Reports upgrades per second too. The count is capped below
 * both processes' open-file limits (this machine's hard limit is 20,000).
 */
public final class IdleScenario implements Scenario {
    private static final int FD_HEADROOM = 300;
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
        Thread.sleep(settings.settle().toMillis()); // a fresh peer that has just printed READY: let it settle
        long rssBefore = ProcStats.rssBytes(peer.pid());
        metrics.put(Metric.STARTUP_RSS_MIB, Window.round(rssBefore / 1048576.0, 1));
        try (WsLoadClient client = new WsLoadClient(peer.port(), settings.clientThreads(),
                settings.clientTransport().resolve(true))) {
            Window window = Window.open(peer.pid());
            Connector.Opened opened = Connector.open(client, "/echo", count, settings.connectConcurrency(),
                    Duration.ofSeconds(180), idle);
            double seconds = window.close();
            Thread.sleep(settings.measure().toMillis()); // the idle hold: 8 s in a full run
            long rssAfter = ProcStats.rssBytes(peer.pid());
            int open = (int) opened.connections().stream().filter(WsConnection::isOpen).count();
            peer.collectGarbage();
            long rssAfterGc = ProcStats.rssBytes(peer.pid());
            metrics.put(Metric.CONNECTIONS, (double) open);
            metrics.put(Metric.CONNECT_RATE, (double) Math.round(opened.connections().size() / seconds));
            if (open > 0) {
                metrics.put(Metric.RSS_PER_CONNECTION, (double) Math.round((rssAfter - rssBefore) / (double) open));
                metrics.put(Metric.RSS_PER_CONNECTION_AFTER_GC,
                        (double) Math.round((rssAfterGc - rssBefore) / (double) open));
            }
            metrics.put(Metric.SERVER_RSS_MIB, Window.round(rssAfter / 1048576.0, 1));
            window.report(metrics, notes, settings.clientThreads());
            metrics.put(Metric.ERRORS, (double) (opened.failureCount() + opened.connections().size() - open));
            notes.add(String.format("RSS %.1f MiB at start, %.1f MiB after %d connections held %d s, %.1f MiB after"
                            + " a forced GC", rssBefore / 1048576.0, rssAfter / 1048576.0, open,
                    settings.measure().toSeconds(), rssAfterGc / 1048576.0));
            if (opened.failureCount() > 0) {
                notes.add("upgrade failures: " + opened.failures());
            }
        }
        return new ScenarioResult(peer.peer().id(), name(), metrics, notes);
    }
}
