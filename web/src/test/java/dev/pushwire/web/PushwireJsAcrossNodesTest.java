package dev.pushwire.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.core.cluster.MemoryNodeBus;
import dev.pushwire.core.cluster.NodeBus;
import dev.pushwire.server.PushwireServer;
import dev.pushwire.testkit.FaultyRelay;
import dev.pushwire.testkit.NginxProxy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * pushwire.js in headless Chromium behind a real nginx balancing every request over three nodes by plain round robin
 * (no stickiness): the page's session lives on one node and the nodes forward the requests that land elsewhere
 * over their cluster bus. Every echo comes back once and in order, as on one node.
 */
class PushwireJsAcrossNodesTest {
    private final MemoryNodeBus.Network network = MemoryNodeBus.network();
    private final List<PushwireServer> nodes = new ArrayList<>();
    private final List<NodeBus> buses = new ArrayList<>();
    private final List<FaultyRelay> plugs = new ArrayList<>();
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private NginxProxy nginx;
    private Harness page;

    @BeforeEach
    void start() throws IOException {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            NodeBus bus = network.join("node" + i + "-" + NodeBus.randomNodeId());
            buses.add(bus);
            PushwireServer s = PushwireServer.builder().host("127.0.0.1").port(0).nodeBus(bus).build();
            s.endpoint("/echo", conn -> conn.onMessage(msg -> {
                received.add(TestServer.describe(msg));
                conn.send(msg, null);
            }));
            s.staticResources("/", "pushwire/web");
            s.staticResources("/test", "pushwire-test");
            s.start();
            nodes.add(s);
            FaultyRelay plug = FaultyRelay.plug(s.port());  // a relay that never cuts: pulled, the node is gone
            plugs.add(plug);
            ports.add(plug.port());
        }
        nginx = NginxProxy.startRoundRobin(ports, Duration.ofSeconds(60), false);
        page = new Harness("http://127.0.0.1:" + nginx.port() + "/test/harness.html");
    }

    @AfterEach
    void stop() throws IOException {
        if (page != null) {
            page.close();
        }
        if (nginx != null) {
            nginx.close();
        }
        for (FaultyRelay p : plugs) {
            p.close();
        }
        nodes.forEach(PushwireServer::stop);
        buses.forEach(NodeBus::close);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "longpolling", "polling"})
    void everyEchoComesBackOnceAndInOrderWhicheverNodeEachRequestReaches(String transport) {
        page.start("/echo", "{transports: ['" + transport + "'], pollInterval: 100, openTimeout: 10000}");
        page.await("open", "pw.log.includes('open')", Duration.ofSeconds(20));
        page.eval("(() => { for (let i = 1; i <= 200; i++) pw.socket.send('m-' + i); })()");
        page.await("every echo", "pw.received.length >= 200", Duration.ofSeconds(60));
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            expected.add("m-" + i);
        }
        assertThat(page.transport()).isEqualTo(transport);
        assertThat(page.received()).as(nginx.log()).containsExactlyElementsOf(expected);
        assertThat(received).containsExactlyElementsOf(expected);
        assertThat(nodes.stream().mapToInt(n -> n.connections().size()).sum()).as("one session, on one node")
                .isEqualTo(1);
    }

    @Test
    void aPageWhoseSessionNodeIsGoneGets4010AndReconnectsOnANewSession() throws IOException {
        page.start("/echo", "{transports: ['longpolling'], openTimeout: 10000}");
        page.await("open", "pw.log.includes('open')", Duration.ofSeconds(20));
        page.eval("pw.socket.send('before')");
        page.await("the first echo", "pw.received.length >= 1", Duration.ofSeconds(20));
        int owner = -1;
        for (int i = 0; i < nodes.size(); i++) {
            if (!nodes.get(i).connections().isEmpty()) {
                owner = i;
            }
        }
        assertThat(owner).as("the node holding the page's session").isNotNegative();
        plugs.get(owner).close();  // the node crashes: its port refuses, its bus is gone
        network.kill(buses.get(owner).nodeId());
        page.await("the 4010 close", "pw.log.includes('disconnect 4010')", Duration.ofSeconds(60));
        page.await("a reconnect", "pw.log.some(l => l.startsWith('reconnect'))", Duration.ofSeconds(60));
        page.eval("pw.socket.send('after')");
        page.await("the echo on the new session", "pw.received.includes('after')", Duration.ofSeconds(30));
        assertThat(page.received()).containsExactly("before", "after");
    }
}
