package dev.pushwire.core.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.core.CloseCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The asynchronous token verifier and channel authorizer (an auth service answering later, on its own thread), their
 * deadline, the order of commands behind them, and the per-connection publish rate.
 */
class HubAsyncAuthTest {
    private final List<HubPeer> peers = new ArrayList<>();
    private final ConcurrentLinkedQueue<CompletableFuture<Boolean>> pendingAuthorizations =
            new ConcurrentLinkedQueue<>();
    private Hub hub;

    private HubPeer peer(HubOptions.Builder options) {
        hub = Hub.create(options.defaultChannelOptions(ChannelOptions.builder().allowAnonymous(true).build())
                .build());
        HubPeer p = new HubPeer(hub);
        peers.add(p);
        return p;
    }

    @AfterEach
    void everythingWasChecked() {
        for (HubPeer p : peers) {
            p.connection.assertExhausted();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void aTokenCheckedLaterByAnotherThreadConnectsAndCommandsSentMeanwhileRunAfterItInOrder() {
        TestTokens tokens = new TestTokens();
        HubPeer alice = peer(HubOptions.builder().asyncTokenVerifier(token -> CompletableFuture.supplyAsync(() -> {
            try {
                Thread.sleep(200); // the auth service takes its time
                return tokens.verify(token);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        })));
        long connect = alice.send("connect", c -> c.put("token", TestTokens.token("alice")));
        long subscribe = alice.send("subscribe", c -> c.put("channel", "news"));
        assertThat(alice.result(connect).path("user").asText()).isEqualTo("alice");
        assertThat(alice.result(subscribe).has("epoch")).isTrue();
    }

    @Test
    void aTokenCheckThatDoesNotAnswerInTimeRefusesTheConnectWith1013() {
        HubPeer alice = peer(HubOptions.builder().authTimeout(Duration.ofMillis(200))
                .asyncTokenVerifier(token -> new CompletableFuture<>()));
        long connect = alice.send("connect", c -> c.put("token", "anything"));
        assertThat(alice.error(connect, "auth_unavailable")).contains("within 200 ms");
        alice.connection.assertClosed(CloseCode.TRY_AGAIN_LATER);
    }

    @Test
    void anAsynchronousAuthorizerDecidesAndOneThatDoesNotAnswerGetsAuthUnavailable() {
        HubPeer alice = peer(HubOptions.builder().authTimeout(Duration.ofMillis(300))
                .asyncAuthorizer((client, channel, action) -> {
                    if (channel.equals("silent")) {
                        return new CompletableFuture<>();
                    }
                    CompletableFuture<Boolean> f = new CompletableFuture<>();
                    pendingAuthorizations.add(f);
                    CompletableFuture.runAsync(() -> f.complete(!channel.equals("secret")));
                    return f;
                }));
        alice.connect();
        long open = alice.send("subscribe", c -> c.put("channel", "news"));
        assertThat(alice.result(open).has("epoch")).isTrue(); // a subscribe's reply waits for history: read it first
        long secret = alice.send("subscribe", c -> c.put("channel", "secret"));
        long silent = alice.send("subscribe", c -> c.put("channel", "silent"));
        assertThat(alice.error(secret, "forbidden")).contains("secret");
        assertThat(alice.error(silent, "auth_unavailable")).contains("within 300 ms");
    }

    @Test
    void publishingPastTheRateGetsRateLimitedAndTheConnectionStaysOpen() {
        HubPeer alice = peer(HubOptions.builder().publishRate(0.001, 3));
        alice.connect();
        for (int i = 0; i < 3; i++) {
            alice.result(alice.send("publish", c -> c.put("channel", "news").put("data", "1")));
        }
        long fourth = alice.send("publish", c -> c.put("channel", "news").put("data", "1"));
        assertThat(alice.error(fourth, "rate_limited")).contains("publishes a second");
        assertThat(hub.stats().publishesRateLimited()).isEqualTo(1);
        alice.result(alice.send("history", c -> c.put("channel", "news")));
    }
}
