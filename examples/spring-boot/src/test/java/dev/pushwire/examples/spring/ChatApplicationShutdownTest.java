package dev.pushwire.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.client.ClientOptions;
import dev.pushwire.client.PushwireClient;
import dev.pushwire.core.CloseEvent;
import dev.pushwire.spring.boot.PushwireServerLifecycle;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closing the application context (what SIGTERM does) stops Pushwire gracefully: every client, on any transport,
 * gets 1001, and afterwards no Pushwire thread of that context is alive and its port is free. Runs its own
 * application, not the cached test context, so that it can close it.
 */
class ChatApplicationShutdownTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final List<String> SERVER_THREADS = List.of("pushwire-accept", "pushwire-io", "pushwire-hub-",
            "pushwire-shutdown");

    @Test
    void closingTheContextSends1001AndLeavesNoThreadOrPort() throws Exception {
        Set<Thread> before = serverThreads();
        ConfigurableApplicationContext context = SpringApplication.run(ChatApplication.class,
                "--server.port=0", "--pushwire.port=0", "--spring.main.banner-mode=off");
        int port = context.getEnvironment().getRequiredProperty(PushwireServerLifecycle.LOCAL_PORT_PROPERTY,
                Integer.class);
        PushwireClient webSocket = open(port, "websocket");
        PushwireClient longPolling = open(port, "longpolling");
        CompletableFuture<CloseEvent> webSocketClosed = new CompletableFuture<>();
        CompletableFuture<CloseEvent> longPollingClosed = new CompletableFuture<>();
        webSocket.onClose(webSocketClosed::complete);
        longPolling.onClose(longPollingClosed::complete);
        Set<Thread> started = serverThreads();
        started.removeAll(before);
        assertThat(started).as("the context's Pushwire threads").isNotEmpty();

        context.close();

        assertThat(webSocketClosed.get(20, TimeUnit.SECONDS).code()).isEqualTo(1001);
        assertThat(longPollingClosed.get(20, TimeUnit.SECONDS).code()).isEqualTo(1001);
        await().atMost(DEADLINE).untilAsserted(() ->
                assertThat(started.stream().filter(Thread::isAlive).map(Thread::getName)).isEmpty());
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress("0.0.0.0", port));
        }
    }

    private static PushwireClient open(int port, String transport) {
        PushwireClient client = PushwireClient.connect(URI.create("ws://127.0.0.1:" + port + "/echo"),
                ClientOptions.builder().transports(transport).build());
        client.awaitOpen(DEADLINE);
        return client;
    }

    private static Set<Thread> serverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> SERVER_THREADS.stream().anyMatch(t.getName()::startsWith))
                .collect(Collectors.toSet());
    }
}
