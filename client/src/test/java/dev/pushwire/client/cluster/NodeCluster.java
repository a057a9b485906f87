package dev.pushwire.client.cluster;

import dev.pushwire.core.cluster.NodeBus;
import dev.pushwire.server.HttpTransportOptions;
import dev.pushwire.server.PushwireServer;
import dev.pushwire.testkit.FaultyRelay;
import dev.pushwire.testkit.NginxProxy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Several in-process {@link PushwireServer} nodes sharing a cluster bus, each behind a plug (a relay a test can pull,
 * as a crash looks from outside), with a real nginx balancing every request over them by plain round robin and no
 * stickiness.
 */
final class NodeCluster implements AutoCloseable {
    final List<PushwireServer> servers = new ArrayList<>();
    final List<NodeBus> buses = new ArrayList<>();
    final List<SimpleMeterRegistry> meters = new ArrayList<>();
    private final List<FaultyRelay> plugs = new ArrayList<>();
    private final Consumer<NodeBus> crashBus;
    private final NginxProxy nginx;

    /**
     * @param newBus   makes node i's bus
     * @param crashBus takes a node's bus off the cluster as a crash would
     * @param routes   mounts the same routes on every node (given its index)
     */
    NodeCluster(int nodes, Function<Integer, NodeBus> newBus, Consumer<NodeBus> crashBus, HttpTransportOptions http,
                BiConsumer<Integer, PushwireServer> routes) {
        this.crashBus = crashBus;
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                NodeBus bus = newBus.apply(i);
                buses.add(bus);
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                meters.add(registry);
                PushwireServer s = PushwireServer.builder().host("127.0.0.1").port(0).http(http).nodeBus(bus)
                        .meterRegistry(registry).shutdownTimeout(Duration.ofMillis(200)).build();
                routes.accept(i, s);
                s.start();
                servers.add(s);
                FaultyRelay plug = FaultyRelay.plug(s.port());
                plugs.add(plug);
                ports.add(plug.port());
            }
            nginx = NginxProxy.startRoundRobin(ports, Duration.ofSeconds(60), false);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The URL of {@code path} through nginx. */
    String url(String path) {
        return "http://127.0.0.1:" + nginx.port() + path;
    }

    String nginxLog() {
        return nginx.log();
    }

    /** The sum over the nodes of counter {@code name}. */
    double count(String name) {
        return meters.stream().mapToDouble(r -> r.find(name).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum()
                + r.find(name).functionCounters().stream()
                .mapToDouble(io.micrometer.core.instrument.FunctionCounter::count).sum()).sum();
    }

    /** The index of the node that holds session {@code sid}. */
    int nodeOf(String sid) {
        String node = sid.substring(0, sid.indexOf('.'));
        for (int i = 0; i < buses.size(); i++) {
            if (buses.get(i).nodeId().equals(node)) {
                return i;
            }
        }
        throw new AssertionError("no node " + node + " in the cluster");
    }

    /** Node {@code i} crashes: its plug is pulled (connections dropped, port refusing) and its bus is gone. */
    void crash(int i) throws IOException {
        plugs.get(i).close();
        crashBus.accept(buses.get(i));
    }

    @Override
    public void close() {
        if (nginx != null) {
            nginx.close();
        }
        for (FaultyRelay p : plugs) {
            try {
                p.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        servers.forEach(PushwireServer::stop);
        buses.forEach(NodeBus::close);
    }
}
