package dev.pushwire.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.server.PushwireServer;
import dev.pushwire.testkit.TestCertificate;
import dev.pushwire.websocket.DeflateOptions;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our client against our own server: the same contract as against Node's {@code ws}, plus deflate and wss. */
class PushwireServerEchoTest extends EchoContractTest {

    @Override
    EchoPeer startPeer() {
        return PushwireEchoPeer.start();
    }

    @Test
    void permessageDeflateIsNegotiatedWithOurServer() {
        try (PushwireEchoPeer deflating = PushwireEchoPeer.start(PushwireServer.builder()
                .deflate(DeflateOptions.builder().thresholdBytes(0).build()))) {
            PushwireClient ws = PushwireClient.connect(deflating.uri("/"), ClientOptions.builder()
                    .deflate(DeflateOptions.builder().build()).build());
            Recorder rec = Recorder.of(ws);
            ws.awaitOpen(DEADLINE);
            assertThat(ws.extensions()).singleElement().asString().startsWith("permessage-deflate");
            String big = text(300_000);
            ws.send(big);
            assertThat(rec.nextMessage(DEADLINE).text()).isEqualTo(big);
            ws.send("!extensions");
            assertThat(rec.nextMessage(DEADLINE).text()).startsWith("permessage-deflate");
            ws.close();
            assertThat(rec.nextClose(DEADLINE).code()).isEqualTo(1000);
        }
    }

    @Test
    void wssWithATrustedSelfSignedCertificate(@TempDir Path dir) {
        TestCertificate cert = TestCertificate.create(dir);
        try (PushwireEchoPeer secure = PushwireEchoPeer.start(PushwireServer.builder()
                .tls(cert.certPem(), cert.keyPem()))) {
            PushwireClient ws = PushwireClient.connect(URI.create("wss://localhost:" + secure.port() + "/"),
                    ClientOptions.builder().trustedCertificates(cert.certPem()).build());
            Recorder rec = Recorder.of(ws);
            ws.awaitOpen(DEADLINE);
            ws.send("secret");
            assertThat(rec.nextMessage(DEADLINE).text()).isEqualTo("secret");
            ws.close(4100, "done");
            assertThat(rec.nextClose(DEADLINE).code()).isEqualTo(4100);
            assertThat(secure.awaitLineStartingWith("closed / 4100", DEADLINE)).isEqualTo("closed / 4100 done");
        }
    }
}
