package dev.pushwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.client.ClientOptions;
import dev.pushwire.client.PushwireClient;
import dev.pushwire.testkit.NginxProxy;
import dev.pushwire.testkit.RedisServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code pushwire serve --broker redis://...} on two nodes behind nginx round robin with no stickiness: the demo's
 * {@code /echo} over each HTTP transport echoes every message once and in order, whichever node each request reaches
 * (the broker setting also gives the nodes their cluster bus).
 */
class DemoSessionsAcrossNodesTest {

    @ParameterizedTest
    @ValueSource(strings = {"sse", "longpolling", "polling"})
    void echoesThroughRoundRobinOverTwoNodesWithARedisBroker(String transport) {
        try (RedisServer redis = RedisServer.start();
             DemoServer a = node(redis, "node-a");
             DemoServer b = node(redis, "node-b");
             NginxProxy nginx = NginxProxy.startRoundRobin(List.of(a.port(), b.port()), Duration.ofSeconds(60),
                     false)) {
            PushwireClient client = PushwireClient.connect(URI.create("http://127.0.0.1:" + nginx.port() + "/echo"),
                    ClientOptions.builder().transports(transport).build());
            try {
                List<String> received = new CopyOnWriteArrayList<>();
                client.onMessage(m -> received.add(m.text()));
                client.awaitOpen(Duration.ofSeconds(30));
                List<String> sent = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    sent.add("echo " + i);
                    client.send("echo " + i);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= sent.size());
                assertThat(received).as(nginx.log()).containsExactlyElementsOf(sent);
            } finally {
                client.close();
            }
        }
    }

    private static DemoServer node(RedisServer redis, String id) {
        return DemoServer.start(ServeSettings.builder().host("127.0.0.1").port(0).metrics(false)
                .broker(redis.uri()).nodeId(id).build());
    }
}
