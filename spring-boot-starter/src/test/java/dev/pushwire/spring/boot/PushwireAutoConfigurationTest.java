package dev.pushwire.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pushwire.client.ClientOptions;
import dev.pushwire.client.ConnectFailedException;
import dev.pushwire.client.PushwireClient;
import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.DrainNotice;
import dev.pushwire.core.hub.ChannelAuthorizer;
import dev.pushwire.core.hub.Credentials;
import dev.pushwire.core.hub.Hub;
import dev.pushwire.core.hub.TokenVerifier;
import dev.pushwire.server.ConnectionHandler;
import dev.pushwire.server.HmacJwtTokens;
import dev.pushwire.server.PushwireServer;
import dev.pushwire.server.UpgradeDecision;
import dev.pushwire.server.UpgradeHook;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The starter's conditions and properties, each on a real server on a free loopback port: what is mounted, what
 * the properties change, which application beans replace or feed the defaults, and the errors that stop a
 * misconfigured application at start.
 */
class PushwireAutoConfigurationTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PushwireAutoConfiguration.class,
                    PushwireHealthAutoConfiguration.class))
            .withPropertyValues("pushwire.port=0", "pushwire.host=127.0.0.1");

    @Configuration(proxyBeanMethods = false)
    static class UpperEndpoint {
        @Bean
        @PushwireEndpoint("/upper")
        ConnectionHandler upper() {
            return conn -> conn.onMessage(m -> conn.send(m.text().toUpperCase()));
        }
    }

    @Test
    void anEndpointBeanIsServedOnWebSocketAndLongPolling() {
        runner.withUserConfiguration(UpperEndpoint.class).run(context -> {
            assertThat(echo(context, "/upper", "websocket", "hi")).isEqualTo("HI");
            assertThat(echo(context, "/upper", "longpolling", "ho")).isEqualTo("HO");
        });
    }

    @Test
    void pushwireEnabledFalseRunsNoServer() {
        runner.withUserConfiguration(UpperEndpoint.class).withPropertyValues("pushwire.enabled=false")
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(PushwireServer.class)
                        .doesNotHaveBean(PushwireServerLifecycle.class)
                        .doesNotHaveBean(PushwireHealthIndicator.class));
    }

    @Test
    void limitPropertiesReachTheServer() {
        runner.withUserConfiguration(UpperEndpoint.class)
                .withPropertyValues("pushwire.limits.max-message-bytes=1KB", "pushwire.limits.max-frame-bytes=1KB")
                .run(context -> {
                    PushwireClient client = open(context, "/upper", "websocket");
                    CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
                    client.onClose(closed::complete);
                    client.send("x".repeat(2048));
                    assertThat(closed.get(20, TimeUnit.SECONDS).code()).isEqualTo(1009);
                });
    }

    @Test
    void httpTransportsOffAnswerTheFallback404() {
        runner.withUserConfiguration(UpperEndpoint.class).withPropertyValues("pushwire.http.enabled=false")
                .run(context -> assertThatThrownBy(() -> open(context, "/upper", "longpolling"))
                        .isInstanceOfSatisfying(ConnectFailedException.class,
                                e -> assertThat(e.status()).isEqualTo(404)));
    }

    @Test
    void anUpgradeHookBeanDecidesEveryHandshake() {
        runner.withUserConfiguration(UpperEndpoint.class)
                .withBean(UpgradeHook.class, () -> request -> request.header("Authorization").isPresent()
                        ? UpgradeDecision.accept() : UpgradeDecision.reject(401, "log in first"))
                .run(context -> {
                    assertThatThrownBy(() -> open(context, "/upper", "websocket"))
                            .isInstanceOfSatisfying(ConnectFailedException.class,
                                    e -> assertThat(e.status()).isEqualTo(401));
                    PushwireClient allowed = PushwireClient.connect(uri(context, "/upper"), ClientOptions.builder()
                            .transports("websocket").header("Authorization", "Bearer x").build());
                    allowed.awaitOpen(DEADLINE);
                    allowed.close(1000, "done");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class WhoAmIEndpoint {
        /** Stands for a session store read without blocking (Spring Session's MapSessionRepository). */
        static final Map<String, String> SESSIONS = Map.of("s3cr3t", "alice");

        @Bean
        UpgradeHook sessionCookieHook() {
            return request -> {
                String user = SESSIONS.get(request.cookies().getOrDefault("SESSION", ""));
                return user == null ? UpgradeDecision.reject(401, "{\"error\":\"unauthorized\"}")
                        : UpgradeDecision.accept(Map.of("user", user));
            };
        }

        @Bean
        @PushwireEndpoint("/whoami")
        ConnectionHandler whoAmI() {
            return conn -> conn.onMessage(m -> conn.send(String.valueOf(conn.attributes().get("user"))));
        }
    }

    @Test
    void anUpgradeHookAuthenticatesFromTheSessionCookieOnEveryTransport() {
        runner.withUserConfiguration(WhoAmIEndpoint.class).run(context -> {
            for (String transport : List.of("websocket", "sse", "longpolling")) {
                List<String> received = new CopyOnWriteArrayList<>();
                PushwireClient client = PushwireClient.connect(uri(context, "/whoami"), ClientOptions.builder()
                        .transports(transport).header("Cookie", "theme=dark; SESSION=s3cr3t").build());
                client.onMessage(m -> received.add(m.text()));
                client.awaitOpen(DEADLINE);
                client.send("who am i?");
                await().atMost(DEADLINE).until(() -> !received.isEmpty());
                assertThat(received).as(transport).containsExactly("alice");
                client.close(1000, "done");
                assertThatThrownBy(() -> open(context, "/whoami", transport)).as(transport)
                        .isInstanceOfSatisfying(ConnectFailedException.class,
                                e -> assertThat(e.status()).isEqualTo(401));
            }
        });
    }

    @Test
    void customizersChangeTheBuilderAfterTheProperties() {
        runner.withUserConfiguration(UpperEndpoint.class).withPropertyValues("pushwire.max-connections=100")
                .withBean(PushwireServerCustomizer.class, () -> builder -> builder.maxConnections(1))
                .run(context -> {
                    PushwireClient first = open(context, "/upper", "websocket");
                    assertThatThrownBy(() -> open(context, "/upper", "websocket"))
                            .isInstanceOfSatisfying(ConnectFailedException.class,
                                    e -> assertThat(e.status()).isEqualTo(503));
                    first.close(1000, "done");
                });
    }

    @Test
    void theServersMetersGoToTheApplicationsRegistry() {
        runner.withUserConfiguration(UpperEndpoint.class)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    echo(context, "/upper", "websocket", "count me");
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    await().atMost(DEADLINE).untilAsserted(() -> assertThat(registry.find("pushwire.connections.opened")
                            .tag("transport", "websocket").counter().count()).isEqualTo(1.0));
                });
    }

    @Test
    void metricsEnabledFalseLeavesTheRegistryAlone() {
        runner.withUserConfiguration(UpperEndpoint.class).withPropertyValues("pushwire.metrics.enabled=false")
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    echo(context, "/upper", "websocket", "do not count me");
                    assertThat(context.getBean(MeterRegistry.class).getMeters()).isEmpty();
                });
    }

    @Test
    void healthIsUpWithConnectionsWhileServingAndDownOnceStopped() {
        runner.withUserConfiguration(UpperEndpoint.class).run(context -> {
            PushwireHealthIndicator health = context.getBean("pushwireHealthIndicator", PushwireHealthIndicator.class);
            PushwireClient client = open(context, "/upper", "websocket");
            await().atMost(DEADLINE).untilAsserted(() -> {
                assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                assertThat(health.health().getDetails()).containsEntry("connections", 1)
                        .containsEntry("port", context.getBean(PushwireServer.class).port());
            });
            client.close(1000, "done");
            context.getBean(PushwireServerLifecycle.class).stop();
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void healthIsOutOfServiceWhileDrainingAndADrainPeriodSpreadsTheClosesOnStop() {
        runner.withUserConfiguration(UpperEndpoint.class).withPropertyValues("pushwire.drain-period=1s").run(context -> {
            PushwireServer server = context.getBean(PushwireServer.class);
            PushwireHealthIndicator health = context.getBean(PushwireHealthIndicator.class);
            List<CompletableFuture<CloseEvent>> closes = new CopyOnWriteArrayList<>();
            for (String transport : List.of("websocket", "longpolling")) {
                PushwireClient client = open(context, "/upper", transport);
                CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
                client.onClose(closed::complete);
                closes.add(closed);
            }
            Thread stopper = new Thread(() -> context.getBean(PushwireServerLifecycle.class).stop());
            stopper.start();
            await().atMost(DEADLINE).until(server::isDraining);
            assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(health.health().getDetails().get("notReady")).asList().contains("draining");
            for (CompletableFuture<CloseEvent> closed : closes) {
                CloseEvent event = closed.get(20, TimeUnit.SECONDS);
                assertThat(event.code()).isEqualTo(1001);
                assertThat(DrainNotice.windowMillis(event.reason())).isPresent();
            }
            stopper.join(20_000);
            assertThat(server.isRunning()).isFalse();
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void theHealthIndicatorCanBeTurnedOff() {
        runner.withPropertyValues("management.health.pushwire.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(PushwireServer.class)
                        .doesNotHaveBean(PushwireHealthIndicator.class));
    }

    @Test
    void applicationBeansReplaceTheDefaults() {
        PushwireServer own = PushwireServer.builder().host("127.0.0.1").port(0).build();
        runner.withBean(PushwireServer.class, () -> own)
                .run(context -> {
                    assertThat(context.getBean(PushwireServer.class)).isSameAs(own);
                    assertThat(own.isRunning()).isTrue();
                });
        assertThat(own.isRunning()).as("stopped with its context").isFalse();
    }

    @Test
    void theHubIsMountedOnlyWithAPath() {
        runner.run(context -> assertThat(context).doesNotHaveBean(Hub.class));
        runner.withPropertyValues("pushwire.hub.path=/hub", "pushwire.hub.threads=1",
                        "pushwire.hub.channels.history-size=7")
                // A pattern with ':' (in brackets): given as a map, since "a:b" in a property string is "a=b".
                .withInitializer(context -> TestPropertyValues.empty()
                        .and(Map.of("pushwire.hub.namespaces[chat:*].allow-anonymous", "true")).applyTo(context))
                .run(context -> {
                    Hub hub = context.getBean(Hub.class);
                    assertThat(hub.options().threads()).isEqualTo(1);
                    assertThat(hub.options().channelOptions("chat:room").allowAnonymous()).isTrue();
                    assertThat(hub.options().channelOptions("other").allowAnonymous()).isFalse();
                    assertThat(hub.options().channelOptions("other").historySize()).isEqualTo(7);
                    assertThat(context).doesNotHaveBean(TokenVerifier.class);
                    PushwireClient client = open(context, "/hub", "websocket");
                    await().atMost(DEADLINE).until(() -> hub.connectionCount() == 1);
                    client.close(1000, "done");
                });
    }

    @Test
    void theHubUsesTheApplicationsAuthorizerAndTokenVerifier() {
        ChannelAuthorizer authorizer = (client, channel, action) -> channel.startsWith("public:");
        TokenVerifier verifier = token -> new Credentials("u", Instant.MAX, Set.of(), null);
        runner.withPropertyValues("pushwire.hub.path=/hub")
                .withBean(ChannelAuthorizer.class, () -> authorizer)
                .withBean(TokenVerifier.class, () -> verifier)
                .run(context -> {
                    Hub hub = context.getBean(Hub.class);
                    assertThat(hub.options().authorizer()).isSameAs(authorizer);
                    assertThat(hub.options().tokenVerifier()).isSameAs(verifier);
                });
    }

    @Test
    void aTokenSecretMakesAnHs256TokenVerifier() {
        String secret = "a-secret-of-at-least-thirty-two-bytes!";
        runner.withPropertyValues("pushwire.hub.path=/hub", "pushwire.hub.token-secret=" + secret)
                .run(context -> {
                    TokenVerifier verifier = context.getBean(TokenVerifier.class);
                    assertThat(context.getBean(Hub.class).options().tokenVerifier()).isSameAs(verifier);
                    String token = HmacJwtTokens.withSecret(secret).issue("alice", Duration.ofMinutes(1));
                    assertThat(verifier.verify(token).userId()).isEqualTo("alice");
                });
    }

    @Test
    void aRedisBrokerWithoutPushwireRedisStopsTheApplicationWithWhatToDo() {
        runner.withPropertyValues("pushwire.hub.path=/hub", "pushwire.broker=redis://:pw@localhost:6379")
                .withClassLoader(new FilteredClassLoader("dev.pushwire.redis."))
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("pushwire.broker=redis://:***@localhost:6379")
                        .hasMessageContaining("add the dependency dev.pushwire:pushwire-redis"));
        runner.withPropertyValues("pushwire.hub.path=/hub", "pushwire.broker=kafka://x")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("pushwire.broker must be 'memory' or redis:// URIs"));
    }

    @Configuration(proxyBeanMethods = false)
    static class NotAHandler {
        @Bean
        @PushwireEndpoint("/nothing")
        String notAHandler() {
            return "not a handler";
        }
    }

    @Test
    void anAnnotatedBeanThatIsNoHandlerStopsTheApplicationNamingIt() {
        runner.withUserConfiguration(NotAHandler.class)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("bean 'notAHandler'")
                        .hasMessageContaining("not a dev.pushwire.server.ConnectionHandler"));
    }

    @Configuration(proxyBeanMethods = false)
    static class SamePathTwice {
        @Bean
        @PushwireEndpoint("/same")
        ConnectionHandler first() {
            return conn -> { };
        }

        @Bean
        @PushwireEndpoint("/same")
        ConnectionHandler second() {
            return conn -> { };
        }
    }

    @Test
    void twoEndpointsOnOnePathStopTheApplicationNamingBoth() {
        runner.withUserConfiguration(SamePathTwice.class)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("'first'").hasMessageContaining("'second'")
                        .hasMessageContaining("/same"));
    }

    @Test
    void aBadValueStopsTheApplicationNamingTheProperty() {
        runner.withPropertyValues("pushwire.http.max-post-bytes=3GB")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("pushwire.http.max-post-bytes"));
        runner.withPropertyValues("pushwire.tls.certificate=/tmp/cert.pem")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("pushwire.tls.private-key"));
    }

    private static String echo(AssertableApplicationContext context, String path, String transport, String text) {
        List<String> received = new CopyOnWriteArrayList<>();
        PushwireClient client = open(context, path, transport);
        try {
            client.onMessage(m -> received.add(m.text()));
            client.send(text);
            await().atMost(DEADLINE).until(() -> !received.isEmpty());
            return received.get(0);
        } finally {
            client.close(1000, "done");
        }
    }

    private static PushwireClient open(AssertableApplicationContext context, String path, String transport) {
        PushwireClient client = PushwireClient.connect(uri(context, path),
                ClientOptions.builder().transports(transport).build());
        client.awaitOpen(DEADLINE);
        return client;
    }

    private static URI uri(AssertableApplicationContext context, String path) {
        return URI.create("ws://127.0.0.1:" + context.getBean(PushwireServer.class).port() + path);
    }
}
