package dev.pushwire.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.core.Message;
import dev.pushwire.server.HttpTransportOptions;
import dev.pushwire.server.PushwireServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PushwireServer#broadcast} to HTTP sessions (SSE and long polling, on several event loops; one hand-over per
 * loop): each session gets every broadcast once, in its place among the sends of the same thread before and after,
 * from another thread and from a session's own loop.
 */
class SessionBroadcastTest {
    private final Set<Connection> subscribers = ConcurrentHashMap.newKeySet();
    private final List<SessionTestClient> clients = new ArrayList<>();
    private TestHttpServer server;

    @AfterEach
    void stop() {
        clients.forEach(SessionTestClient::close);
        if (server != null) {
            server.close();
        }
    }

    private void start() throws Exception {
        server = new TestHttpServer(PushwireServer.builder().ioThreads(3).http(HttpTransportOptions.DEFAULT));
        server.endpoint("/sub", ConnectionLimits.DEFAULT, conn -> {
            subscribers.add(conn);
            conn.onClose(e -> subscribers.remove(conn));
            // a broadcast from a session's own loop (its group written inline) when the client asks for one
            conn.onMessage(m -> PushwireServer.broadcast(Message.text("from a loop"), subscribers));
        });
        for (int i = 0; i < 9; i++) { // more sessions than loops
            clients.add(new SessionTestClient(server.url("/sub"), i % 3 == 2 ? "longpolling" : "sse").start());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> subscribers.size() == clients.size());
    }

    @Test
    void everySessionGetsEachBroadcastOnceInItsPlaceAmongTheSameThreadsSends() throws Exception {
        start();
        List<Message> expected = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            for (Connection s : subscribers) {
                s.send("before " + k);
            }
            int sent = PushwireServer.broadcast(k % 2 == 0 ? Message.text("broadcast " + k)
                    : Message.encodedText("broadcast " + k), subscribers);
            assertThat(sent).isEqualTo(clients.size());
            for (Connection s : subscribers) {
                s.send("after " + k);
            }
            expected.add(Message.text("before " + k));
            expected.add(Message.text("broadcast " + k));
            expected.add(Message.text("after " + k));
        }
        await().atMost(Duration.ofSeconds(20)).until(
                () -> clients.stream().allMatch(c -> c.received.size() >= expected.size()));
        for (SessionTestClient c : clients) {
            assertThat(c.received).containsExactlyElementsOf(expected);
            assertThat(c.errors).isEmpty();
        }
    }

    @Test
    void aBroadcastFromASessionsOwnLoopReachesEverySession() throws Exception {
        start();
        clients.get(0).send(Message.text("please"));
        await().atMost(Duration.ofSeconds(20)).until(
                () -> clients.stream().allMatch(c -> c.received.size() >= 1));
        for (SessionTestClient c : clients) {
            assertThat(c.received).containsExactly(Message.text("from a loop"));
        }
    }
}
