package dev.pushwire.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.ConnectionLimits;
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
        PushwireClient ws = open("/", ClientOptions.DEFAULT);
        Recorder rec = Recorder.of(ws);
        ws.awaitOpen(DEADLINE);
        String unicode = "héllo wörld € 𝄞 日本語 🎉";
        ws.send("!fragment " + fragmentBytes + " " + unicode);

        assertThat(rec.nextMessage(DEADLINE).text()).isEqualTo(unicode);
    }

    @Test
    void closeTimesOutWhenThePeerNeverAnswersOurClose() {
        PushwireClient ws = open("/", ClientOptions.builder()
                .limits(ConnectionLimits.DEFAULT.toBuilder().closeTimeout(Duration.ofMillis(500)).build()).build());
        Recorder rec = Recorder.of(ws);
        ws.awaitOpen(DEADLINE);
        ws.send("!ignore-close");
        assertThat(rec.nextMessage(DEADLINE).text()).isEqualTo("ok");
        long start = System.nanoTime();
        ws.close(1000, "done");

        CloseEvent close = rec.nextClose(DEADLINE);
        assertThat(close.clean()).isFalse();
        assertThat(close.code()).isEqualTo(1006);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(400), Duration.ofSeconds(5));
    }

    @Test
    void invalidCloseCodeFromThePeerClosesWith1002() {
        PushwireClient ws = open("/", ClientOptions.DEFAULT);
        Recorder rec = Recorder.of(ws);
        ws.awaitOpen(DEADLINE);
        ws.send("!raw 880203ec"); // a close frame with code 1004, reserved

        CloseEvent close = rec.nextClose(DEADLINE);
        assertThat(close.code()).isEqualTo(1002);
        assertThat(peer.awaitLineStartingWith("closed ", DEADLINE)).startsWith("closed 1002");
    }

    @Test
    void invalidUtf8FromThePeerClosesWith1007() {
        PushwireClient ws = open("/", ClientOptions.DEFAULT);
        Recorder rec = Recorder.of(ws);
        ws.awaitOpen(DEADLINE);
        ws.send("!raw 8102c328"); // a text frame with an invalid 2-byte sequence

        CloseEvent close = rec.nextClose(DEADLINE);
        assertThat(close.code()).isEqualTo(1007);
        assertThat(peer.awaitLineStartingWith("closed ", DEADLINE)).startsWith("closed 1007");
    }

    @Test
    void maskedFrameFromTheServerClosesWith1002() {
        PushwireClient ws = open("/", ClientOptions.DEFAULT);
        Recorder rec = Recorder.of(ws);
        ws.awaitOpen(DEADLINE);
        ws.send("!raw 818100000000" + "61"); // a masked text frame "a": servers must not mask

        assertThat(rec.nextClose(DEADLINE).code()).isEqualTo(1002);
    }

    @Test
    void customHeadersReachTheServer() {
        PushwireClient ws = open("/", ClientOptions.builder()
                .header("Authorization", "Bearer abc").header("X-Trace", "t-1").build());
        Recorder rec = Recorder.of(ws);
        ws.awaitOpen(DEADLINE);
        ws.send("!headers");
        String headers = rec.nextMessage(DEADLINE).text();
        assertThat(headers).contains("\"authorization\":\"Bearer abc\"").contains("\"x-trace\":\"t-1\"");
        assertThat(headers).doesNotContain("\"origin\"");
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
    void serverThatNeverAnswersPingsIsTerminatedWith4001() {
        try (NodeEchoPeer deaf = NodeEchoPeer.start("--no-auto-pong")) {
            PushwireClient ws = PushwireClient.connect(deaf.uri("/"), ClientOptions.builder()
                    .limits(ConnectionLimits.DEFAULT.toBuilder()
                            .pingInterval(Duration.ofMillis(200)).pingTimeout(Duration.ofMillis(400)).build())
                    .build());
            Recorder rec = Recorder.of(ws);
            ws.awaitOpen(DEADLINE);
            CloseEvent close = rec.nextClose(DEADLINE);
            assertThat(close.code()).isEqualTo(4001);
        }
    }
}
