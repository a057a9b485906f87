package dev.pushwire.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.websocket.DeflateOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Our client against the real Node {@code ws} echo server, plus what only a raw-capable peer can do: fragmented
 * messages, a peer that never answers our close, a peer that breaks the protocol.
 */
class NodeEchoTest extends EchoContractTest {

    @Override
    EchoPeer startPeer() {
        return NodeEchoPeer.start();
    }

    @ParameterizedTest(name = "fragments of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 5, 7})
    void unicodeSplitAcrossFragmentsIsJoinedIntoOneMessage(int fragmentBytes) {
        Session s = open(ClientOptions.DEFAULT);
        String unicode = "héllo wörld € 𝄞 日本語 🎉";
        s.ws().send("!fragment " + fragmentBytes + " " + unicode);

        assertThat(s.rec().nextMessage(DEADLINE).text()).isEqualTo(unicode);
    }

    @Test
    void closeTimesOutWhenThePeerNeverAnswersOurClose() {
        Session s = open(ClientOptions.builder()
                .limits(ConnectionLimits.DEFAULT.toBuilder().closeTimeout(Duration.ofMillis(500)).build()).build());
        s.ws().send("!ignore-close");
        assertThat(s.rec().nextMessage(DEADLINE).text()).isEqualTo("ok");
        long start = System.nanoTime();
        s.ws().close(1000, "done");

        CloseEvent close = s.rec().nextClose(DEADLINE);
        assertThat(close.clean()).as("the close handshake did not complete").isFalse();
        assertThat(close.remote()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(400), Duration.ofSeconds(5));
        assertThat(s.serverLine("closed")).as("the server got our close frame").isEqualTo("1000 done");
    }

    @Test
    void invalidCloseCodeFromThePeerClosesWith1002() {
        Session s = open(ClientOptions.DEFAULT);
        s.ws().send("!raw 880203ec"); // a close frame with code 1004, reserved

        assertThat(s.rec().nextError(DEADLINE)).hasMessageContaining("1004");
        assertThat(s.rec().nextClose(DEADLINE).code()).isEqualTo(1002);
        assertThat(s.serverLine("closed")).startsWith("1002 ");
    }

    @Test
    void invalidUtf8FromThePeerClosesWith1007() {
        Session s = open(ClientOptions.DEFAULT);
        s.ws().send("!raw 8102c328"); // a text frame with an invalid 2-byte sequence

        assertThat(s.rec().nextError(DEADLINE)).hasMessageContaining("UTF-8");
        assertThat(s.rec().nextClose(DEADLINE).code()).isEqualTo(1007);
        assertThat(s.serverLine("closed")).startsWith("1007 ");
    }

    @Test
    void maskedFrameFromTheServerClosesWith1002() {
        Session s = open(ClientOptions.DEFAULT);
        s.ws().send("!raw 818100000000" + "61"); // a masked text frame "a": servers must not mask

        assertThat(s.rec().nextError(DEADLINE)).hasMessageContaining("masked");
        assertThat(s.rec().nextClose(DEADLINE).code()).isEqualTo(1002);
        assertThat(s.serverLine("closed")).startsWith("1002 ");
    }

    @Test
    void customHeadersReachTheServer() {
        Session s = open(ClientOptions.builder()
                .header("Authorization", "Bearer abc").header("X-Trace", "t-1").build());
        s.ws().send("!headers");
        String headers = s.rec().nextMessage(DEADLINE).text();
        assertThat(headers).contains("\"authorization\":\"Bearer abc\"").contains("\"x-trace\":\"t-1\"");
        assertThat(headers).doesNotContain("\"origin\"");
    }

    @Test
    void permessageDeflateIsNegotiatedAndCompressedMessagesRoundTrip() {
        try (NodeEchoPeer deflating = NodeEchoPeer.start("--deflate")) {
            PushwireClient ws = PushwireClient.connect(deflating.uri("/deflate"), ClientOptions.builder()
                    .deflate(DeflateOptions.builder().thresholdBytes(0).build()).build());
            Recorder rec = Recorder.of(ws);
            ws.awaitOpen(DEADLINE);
            assertThat(ws.extensions()).singleElement().asString().startsWith("permessage-deflate");
            String big = text(200_000);
            ws.send(big);
            ws.send("!extensions");
            assertThat(rec.nextMessage(DEADLINE).text()).isEqualTo(big);
            assertThat(rec.nextMessage(DEADLINE).text()).isEqualTo("permessage-deflate");
            ws.close();
            assertThat(rec.nextClose(DEADLINE).code()).isEqualTo(1000);
        }
    }

    @Test
    void deflateOfferIsIgnoredByAServerWithoutIt() {
        Session s = open(ClientOptions.builder().deflate(DeflateOptions.builder().build()).build());
        assertThat(s.ws().extensions()).isEmpty();
        s.ws().send("plain");
        assertThat(s.rec().nextMessage(DEADLINE).text()).isEqualTo("plain");
    }

    @Test
    void greetingSentBeforeAnyListenerIsHeldForTheFirstMessageListener() {
        try (NodeEchoPeer greeter = NodeEchoPeer.start("--greet", "server hello")) {
            PushwireClient ws = PushwireClient.connect(greeter.uri("/"), ClientOptions.DEFAULT);
            ws.awaitOpen(DEADLINE);
            greeter.awaitLineStartingWith("open ", DEADLINE);
            CompletableFuture<String> got = new CompletableFuture<>();
            ws.onMessage(m -> got.complete(m.text()));
            assertThat(got).succeedsWithin(DEADLINE).isEqualTo("server hello");
            ws.close();
        }
    }

    @Test
    void openListenerAddedAfterTheOpenStillRunsOnce() {
        Session s = open(ClientOptions.DEFAULT);
        java.util.List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        s.ws().onOpen(() -> threads.add(Thread.currentThread().getName()));
        org.awaitility.Awaitility.await().atMost(DEADLINE).until(() -> threads.size() == 1);
        assertThat(threads.get(0)).as("listeners run on the client's event loop").startsWith("pushwire-client");
    }

    @Test
    void serverThatNeverAnswersPingsIsDroppedWith4001() {
        try (NodeEchoPeer deaf = NodeEchoPeer.start("--no-auto-pong")) {
            PushwireClient ws = PushwireClient.connect(deaf.uri("/"), ClientOptions.builder()
                    .limits(ConnectionLimits.DEFAULT.toBuilder()
                            .pingInterval(Duration.ofMillis(200)).pingTimeout(Duration.ofMillis(400)).build())
                    .build());
            Recorder rec = Recorder.of(ws);
            ws.awaitOpen(DEADLINE);
            CloseEvent close = rec.nextClose(DEADLINE);
            assertThat(close.code()).isEqualTo(4001);
            assertThat(close.reason()).contains("no answer to a ping");
        }
    }
}
