package dev.pushwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.core.DrainNotice;
import dev.pushwire.core.hub.Broker;
import dev.pushwire.core.hub.ForwardingBroker;
import dev.pushwire.core.hub.Hub;
import dev.pushwire.core.hub.HubOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@link PushwireServer#drain}: not ready at once, new WebSockets and HTTP sessions refused with 503 {@code draining},
 * the open connections closed with 1001 and a drain notice spread over the period; and {@code /health/ready} following
 * the hub's broker.
 */
class DrainAndHealthTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(PushwireServer server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void drainRefusesNewConnectionsAndClosesTheOpenOnesSpreadOverThePeriod() throws Exception {
        PushwireServer server = PushwireServer.builder().host("127.0.0.1").port(0).build()
                .endpoint("/echo", c -> c.onMessage(m -> c.send(m, null))).healthRoutes("/health").start();
        List<TestWebSocketClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                clients.add(TestWebSocketClient.to("ws://127.0.0.1:" + server.port() + "/echo").connect());
            }
            assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);
            assertThat(server.isReady()).isTrue();

            long start = System.nanoTime();
            CompletableFuture<Void> done = server.drain(Duration.ofSeconds(2));
            assertThat(server.drain(Duration.ofSeconds(99))).as("the drain under way").isSameAs(done);
            assertThat(server.isDraining()).isTrue();
            HttpResponse<String> ready = get(server, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).isEqualTo("{\"status\":\"not_ready\",\"reasons\":[\"draining\"]}");
            assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);

            TestWebSocketClient late = TestWebSocketClient.to("ws://127.0.0.1:" + server.port() + "/echo").connect();
            clients.add(late);
            assertThat(late.handshakeResponse.get(10, TimeUnit.SECONDS).status()).isEqualTo(503);
            assertThat(late.handshakeResponse.get().body()).contains("\"error\":\"draining\"");
            HttpResponse<String> session = get(server, "/echo?transport=polling");
            assertThat(session.statusCode()).isEqualTo(503);
            assertThat(session.body()).contains("\"error\":\"draining\"");

            for (TestWebSocketClient c : clients.subList(0, 20)) {
                TestWebSocketClient.Event e;
                do {
                    e = c.next(Duration.ofSeconds(20));
                } while (!(e instanceof TestWebSocketClient.Close));
                TestWebSocketClient.Close close = (TestWebSocketClient.Close) e;
                assertThat(close.code()).isEqualTo(1001);
                assertThat(DrainNotice.windowMillis(close.reason())).hasValue(2000);
            }
            done.get(20, TimeUnit.SECONDS);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(tookMillis).as("closes spread over the 2 s period").isGreaterThanOrEqualTo(1_800);
            assertThat(server.connections()).isEmpty();
        } finally {
            clients.forEach(TestWebSocketClient::close);
            server.stop();
        }
        assertThat(server.notReadyReasons()).contains("stopped", "draining");
    }

    @Test
    void readyFollowsTheHubsBroker() throws Exception {
        AtomicBoolean reachable = new AtomicBoolean(true);
        Broker memory = Broker.memory(Clock.systemUTC());
        Hub hub = Hub.create(HubOptions.builder().broker(new SwitchableBroker(memory, reachable)).build());
        PushwireServer server = PushwireServer.builder().host("127.0.0.1").port(0).build()
                .hub("/pushwire", hub).healthRoutes("/health").start();
        try {
            assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);
            reachable.set(false);
            HttpResponse<String> down = get(server, "/health/ready");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("broker_unavailable:/pushwire");
            assertThat(get(server, "/health").body()).isEqualTo("{\"status\":\"up\"}");
            reachable.set(true);
            assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);
        } finally {
            server.stop();
            hub.close();
        }
    }

    /** A memory broker whose {@link #isAvailable()} the test switches, as a Redis broker's would when Redis goes. */
    private static final class SwitchableBroker extends ForwardingBroker {
        private final AtomicBoolean reachable;

        SwitchableBroker(Broker delegate, AtomicBoolean reachable) {
            super(delegate);
            this.reachable = reachable;
        }

        @Override
        public boolean isAvailable() {
            return reachable.get();
        }
    }
}
