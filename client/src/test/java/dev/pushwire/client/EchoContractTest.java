package dev.pushwire.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.core.Message;
import dev.pushwire.core.ReadyState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What our client must do against any real echo server: every message size, both types, ping/pong with payloads,
 * and the close paths a server can take. Subclasses name the peer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EchoContractTest {
    static final Duration DEADLINE = Duration.ofSeconds(20);

    EchoPeer peer;
    private final List<PushwireClient> clients = new ArrayList<>();

    abstract EchoPeer startPeer();

    @BeforeAll
    void startThePeer() {
        peer = startPeer();
    }

    @AfterAll
    void stopThePeer() {
        if (peer != null) {
            peer.close();
        }
    }

    @AfterEach
    void dropClients() {
        clients.forEach(PushwireClient::terminate);
        clients.clear();
    }

    PushwireClient open(String path, ClientOptions options) {
        PushwireClient ws = PushwireClient.connect(peer.uri(path), options);
        clients.add(ws);
        return ws;
    }

    static String text(int size) {
        StringBuilder sb = new StringBuilder(size);
        for (int i = 0; i < size; i++) {
            sb.append((char) ('a' + i % 26));
        }
        return sb.toString();
    }

    static byte[] bytes(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i % 251);
        }
        return b;
    }

    @Test
    void seedProgramTranslatedLineByLineGetsItsMessageBack() throws Exception {
        CompletableFuture<String> printed = new CompletableFuture<>();
        PushwireClient ws = PushwireClient.connect(peer.uri("/").toString());
        clients.add(ws);
        ws.onOpen(() -> ws.send("hello world!"));
        ws.onMessage(msg -> printed.complete("message " + msg.text()));

        assertThat(printed.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("message hello world!");
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 125, 126, 127, 65535, 65536, 65537, 1 << 20})
    void echoesTextOfEverySizeClass(int size) {
        PushwireClient ws = open("/", ClientOptions.DEFAULT);
        Recorder rec = Recorder.of(ws);
        ws.awaitOpen(DEADLINE);
        String sent = text(size);
        assertThat(ws.send(sent)).isTrue();

        Message echoed = rec.nextMessage(DEADLINE);
        assertThat(echoed.isText()).isTrue();
        assertThat(echoed.text()).isEqualTo(sent);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 125, 126, 127, 65535, 65536, 65537, 1 << 20})
    void echoesBinaryOfEverySizeClass(int size) {
        PushwireClient ws = open("/", ClientOptions.DEFAULT);
        Recorder rec = Recorder.of(ws);
        ws.awaitOpen(DEADLINE);
        byte[] sent = bytes(size);
        assertThat(ws.send(sent)).isTrue();

        Message echoed = rec.nextMessage(DEADLINE);
        assertThat(echoed.isBinary()).isTrue();
        assertThat(echoed.bytes()).isEqualTo(sent);
    }

    @Test
    void echoes16MiBTextAndBinaryWithRaisedLimits() {
        int size = 16 << 20;
        ConnectionLimits big = ConnectionLimits.DEFAULT.toBuilder()
                .maxMessageBytes(32 << 20).maxFrameBytes(32 << 20).maxBufferedBytes(64L << 20).build();
        PushwireClient ws = open("/", ClientOptions.builder().limits(big).build());
        Recorder rec = Recorder.of(ws);
        ws.awaitOpen(DEADLINE);
        byte[] binary = bytes(size);
        String text = text(size);
        ws.send(binary);
        ws.send(text);

        assertThat(rec.nextMessage(DEADLINE).bytes()).isEqualTo(binary);
        assertThat(rec.nextMessage(DEADLINE).text()).isEqualTo(text);
    }

    @Test
    void messageOverTheLimitClosesWith1009() {
        PushwireClient ws = open("/", ClientOptions.builder()
                .limits(ConnectionLimits.DEFAULT.toBuilder().maxMessageBytes(1000).maxFrameBytes(1000).build())
                .build());
        Recorder rec = Recorder.of(ws);
        ws.awaitOpen(DEADLINE);
        ws.send("!send-text 1001");

        CloseEvent close = rec.next(CloseEvent.class, DEADLINE);
        assertThat(close.code()).isEqualTo(1009);
        assertThat(peer.awaitLineStartingWith("closed ", DEADLINE)).startsWith("closed 1009");
    }

    @Test
    void unicodeTextSurvivesTheRoundTrip() {
        PushwireClient ws = open("/", ClientOptions.DEFAULT);
        Recorder rec = Recorder.of(ws);
        ws.awaitOpen(DEADLINE);
        String unicode = "héllo wörld € 𝄞 日本語 🎉";
        ws.send(unicode);
        assertThat(rec.nextMessage(DEADLINE).text()).isEqualTo(unicode);
    }

    @Test
    void keepsTheOrderOfManyMessages() {
        PushwireClient ws = open("/", ClientOptions.DEFAULT);
        Recorder rec = Recorder.of(ws);
        ws.awaitOpen(DEADLINE);
        for (int i = 0; i < 1000; i++) {
            ws.send("m" + i);
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(rec.nextMessage(DEADLINE).text()).isEqualTo("m" + i);
        }
    }

    @Test
    void sendCallbackIsToldWhenTheMessageWasWritten() throws Exception {
        PushwireClient ws = open("/", ClientOptions.DEFAULT);
        ws.awaitOpen(DEADLINE);
        CompletableFuture<Throwable> result = new CompletableFuture<>();
        assertThat(ws.send("with callback", result::complete)).isTrue();
        assertThat(result.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isNull();
    }

    @Test
    void pingPayloadComesBackInThePong() {
        PushwireClient ws = open("/", ClientOptions.DEFAULT);
        Recorder rec = Recorder.of(ws);
        ws.awaitOpen(DEADLINE);
        assertThat(ws.ping("are you there".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(new String(rec.nextPong(DEADLINE), StandardCharsets.UTF_8)).isEqualTo("are you there");
    }

    @Test
    void serverPingIsAnsweredWithTheSamePayload() {
        PushwireClient ws = open("/", ClientOptions.DEFAULT);
        Recorder rec = Recorder.of(ws);
        ws.awaitOpen(DEADLINE);
        ws.send("!ping knock knock");

        assertThat(new String(rec.nextPing(DEADLINE), StandardCharsets.UTF_8)).isEqualTo("knock knock");
        assertThat(rec.nextMessage(DEADLINE).text()).isEqualTo("pong:knock knock");
    }

    @Test
    void clientCloseWithCodeAndReasonIsSeenByTheServerAndEchoed() {
        PushwireClient ws = open("/", ClientOptions.DEFAULT);
        Recorder rec = Recorder.of(ws);
        ws.awaitOpen(DEADLINE);
        ws.close(4001, "bye now");

        CloseEvent close = rec.nextClose(DEADLINE);
        assertThat(close.code()).isEqualTo(4001);
        assertThat(close.reason()).isEqualTo("bye now");
        assertThat(close.remote()).isFalse();
        assertThat(close.clean()).isTrue();
        assertThat(peer.awaitLineStartingWith("closed ", DEADLINE)).isEqualTo("closed 4001 bye now");
        assertThat(ws.readyState()).isEqualTo(ReadyState.CLOSED);
        assertThat(ws.send("too late")).isFalse();
        rec.assertExhausted();
    }

    @Test
    void serverCloseIsReportedWithItsCodeAndReason() {
        PushwireClient ws = open("/", ClientOptions.DEFAULT);
        Recorder rec = Recorder.of(ws);
        ws.awaitOpen(DEADLINE);
        ws.send("!close 4002 go away");

        CloseEvent close = rec.nextClose(DEADLINE);
        assertThat(close.code()).isEqualTo(4002);
        assertThat(close.reason()).isEqualTo("go away");
        assertThat(close.remote()).isTrue();
        assertThat(close.clean()).isTrue();
        assertThat(peer.awaitLineStartingWith("closed ", DEADLINE)).isEqualTo("closed 4002 go away");
    }

    @Test
    void serverDroppingTheTcpConnectionIsReportedAs1006() {
        PushwireClient ws = open("/", ClientOptions.DEFAULT);
        Recorder rec = Recorder.of(ws);
        ws.awaitOpen(DEADLINE);
        ws.send("!terminate");

        CloseEvent close = rec.nextClose(DEADLINE);
        assertThat(close.code()).isEqualTo(1006);
        assertThat(close.remote()).isTrue();
        assertThat(close.clean()).isFalse();
    }

    @Test
    void terminateDropsTheConnectionAtOnce() {
        PushwireClient ws = open("/", ClientOptions.DEFAULT);
        Recorder rec = Recorder.of(ws);
        ws.awaitOpen(DEADLINE);
        ws.terminate();

        CloseEvent close = rec.nextClose(DEADLINE);
        assertThat(close.code()).isEqualTo(1006);
        assertThat(close.clean()).isFalse();
        assertThat(peer.awaitLineStartingWith("closed ", DEADLINE)).startsWith("closed 1006");
    }

    @Test
    void clientPingsASilentServerAtThePingInterval() {
        PushwireClient ws = open("/", ClientOptions.builder()
                .limits(ConnectionLimits.DEFAULT.toBuilder().pingInterval(Duration.ofMillis(200)).build()).build());
        ws.awaitOpen(DEADLINE);
        assertThat(peer.awaitLineStartingWith("ping", DEADLINE)).startsWith("ping");
        assertThat(ws.isOpen()).isTrue();
    }

    @Test
    void subprotocolIsNegotiated() {
        PushwireClient ws = open("/", ClientOptions.builder().subprotocols("chat.v2", "chat.v1").build());
        Recorder rec = Recorder.of(ws);
        ws.awaitOpen(DEADLINE);
        assertThat(ws.protocol()).isEqualTo("chat.v2");
        ws.send("!protocol");
        assertThat(rec.nextMessage(DEADLINE).text()).isEqualTo("chat.v2");
    }

    @Test
    void messageThatArrivesBeforeTheListenerIsAddedIsNotLost() {
        PushwireClient ws = open("/", ClientOptions.DEFAULT);
        ws.awaitOpen(DEADLINE);
        ws.send("early");
        peer.awaitLineStartingWith("open ", DEADLINE);
        CompletableFuture<String> got = new CompletableFuture<>();
        ws.onMessage(m -> got.complete(m.text()));
        assertThat(got).succeedsWithin(DEADLINE).isEqualTo("early");
    }
}
