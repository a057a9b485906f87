package dev.pushwire.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pushwire.client.HubClient;
import dev.pushwire.core.cluster.NodeBus;
import dev.pushwire.core.hub.Hub;
import dev.pushwire.core.hub.Publication;
import dev.pushwire.redis.RedisBroker;
import dev.pushwire.redis.RedisPresenceStore;
import dev.pushwire.server.PushwireServer;
import dev.pushwire.testkit.RedisServerExtension;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code pushwire.broker=redis://...}: two applications on one real redis-server share their channels and answer each
 * other's HTTP sessions (the cluster bus), the health component reports the broker, and a Redis that cannot be reached stops the application at start, its password not
 * shown.
 */
class PushwireRedisBrokerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PushwireAutoConfiguration.class,
                    PushwireHealthAutoConfiguration.class))
            .withPropertyValues("pushwire.port=0", "pushwire.host=127.0.0.1", "pushwire.hub.path=/hub",
                    "pushwire.hub.threads=1", "pushwire.hub.channels.allow-anonymous=true");

    /** The tests that need a Redis: a fresh one for each (the first kills it). */
    @Nested
    class OnARealRedis {
        @RegisterExtension
        final RedisServerExtension redis = new RedisServerExtension();

        @Test
        void twoApplicationsOnOneRedisShareChannelsAndHealthFollowsRedis() {
            runner.withPropertyValues("pushwire.broker=" + redis.uri(), "pushwire.redis.node-id=node-a").run(a ->
                    runner.withPropertyValues("pushwire.broker=" + redis.uri(), "pushwire.redis.node-id=node-b")
                            .run(b -> {
                                Hub hubA = a.getBean(Hub.class);
                                assertThat(hubA.options().broker()).isInstanceOf(RedisBroker.class);
                                assertThat(hubA.options().presenceStore()).isInstanceOf(RedisPresenceStore.class);
                                assertThat(((RedisBroker) hubA.options().broker()).options().nodeId())
                                        .isEqualTo("node-a");

                                List<Publication> onB = new CopyOnWriteArrayList<>();
                                int portB = b.getBean(PushwireServer.class).port();
                                try (HubClient client = HubClient.connect("ws://127.0.0.1:" + portB + "/hub")) {
                                    client.channel("news").subscribe(onB::add).get(20, TimeUnit.SECONDS);
                                    hubA.publish("news", "{\"from\":\"node-a\"}").get(20, TimeUnit.SECONDS);
                                    await().atMost(DEADLINE).until(() -> onB.size() == 1);
                                    assertThat(onB.get(0).data()).isEqualTo("{\"from\":\"node-a\"}");
                                }

                                PushwireHealthIndicator health = a.getBean(PushwireHealthIndicator.class);
                                assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                                assertThat(health.health().getDetails()).containsEntry("broker", "available");
                                redis.server().kill();
                                await().atMost(DEADLINE).untilAsserted(() -> {
                                    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
                                    assertThat(health.health().getDetails()).containsEntry("broker", "unavailable");
                                });
                            }));
        }

        @Test
        void anyNodeAnswersAnHttpSessionOpenedOnAnother() {
            ApplicationContextRunner nodes = runner.withUserConfiguration(PushwireAutoConfigurationTest.UpperEndpoint.class)
                    .withPropertyValues("pushwire.broker=" + redis.uri());
            nodes.withPropertyValues("pushwire.redis.node-id=node-a").run(a ->
                    nodes.withPropertyValues("pushwire.redis.node-id=node-b").run(b -> {
                        assertThat(a).hasSingleBean(NodeBus.class);
                        String onA = "http://127.0.0.1:" + a.getBean(PushwireServer.class).port() + "/upper";
                        String onB = "http://127.0.0.1:" + b.getBean(PushwireServer.class).port() + "/upper";
                        JsonNode open = send("GET", onA + "?transport=polling", null);
                        String sid = open.path("sid").asText();
                        assertThat(sid).startsWith("node-a.");

                        JsonNode sent = send("POST", onB + "?transport=polling&sid=" + sid + "&seq=1",
                                "[{\"type\":\"text\",\"data\":\"across\"}]");
                        assertThat(sent.path("received").asInt()).isEqualTo(1);
                        await().atMost(DEADLINE).untilAsserted(() -> assertThat(
                                send("GET", onB + "?transport=polling&sid=" + sid + "&ack=0", null)
                                        .path("messages").path(0).path("data").asText()).isEqualTo("ACROSS"));
                    }));
        }
    }

    private static JsonNode send(String method, String uri, String body) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(method + " " + uri + ": " + answer.body()).isEqualTo(200);
        return new ObjectMapper().readTree(answer.body());
    }

    @Test
    void anUnreachableRedisStopsTheApplicationWithoutShowingItsPassword() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        runner.withPropertyValues("pushwire.broker=redis://:hunter2@127.0.0.1:" + closedPort)
                .run(context -> {
                    StringBuilder messages = new StringBuilder();
                    for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                        messages.append(t.getMessage()).append('\n');
                    }
                    assertThat(messages).contains("cannot connect to Redis").contains("127.0.0.1:" + closedPort)
                            .doesNotContain("hunter2");
                });
    }

    @Test
    void passwordsAreRedactedFromTheBrokerValue() {
        assertThat(Brokers.redacted("redis://:s3cret@a:6379,rediss://user:pw@b:6380/2,redis://c:6379"))
                .isEqualTo("redis://:***@a:6379,rediss://user:***@b:6380/2,redis://c:6379");
    }
}
