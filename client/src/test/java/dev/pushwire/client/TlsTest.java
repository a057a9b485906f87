package dev.pushwire.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pushwire.client.ConnectFailedException.Reason;
import dev.pushwire.testkit.NodeProcess;
import dev.pushwire.testkit.NodeProject;
import dev.pushwire.testkit.TestCertificate;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wss://} against a real Node {@code ws} server on TLS with a self-signed certificate. */
class TlsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void selfSignedCertificateIsRefusedWithTheJdkTrust() {
        TestCertificate cert = TestCertificate.create(dir);
        try (NodeProcess server = NodeProject.start("echo-server.js", "0", "--tls",
                cert.certPem().toString(), cert.keyPem().toString())) {
            int port = server.awaitListeningPort(DEADLINE);
            PushwireClient ws = PushwireClient.connect("wss://localhost:" + port + "/");

            assertThatThrownBy(() -> ws.awaitOpen(DEADLINE))
                    .isInstanceOfSatisfying(ConnectFailedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TLS))
                    .hasMessageStartingWith("wss://localhost:" + port + "/: the TLS handshake failed: ");
        }
    }

    @Test
    void trustedSelfSignedCertificateOpensWssAndEchoes() {
        TestCertificate cert = TestCertificate.create(dir);
        try (NodeProcess server = NodeProject.start("echo-server.js", "0", "--tls",
                cert.certPem().toString(), cert.keyPem().toString())) {
            int port = server.awaitListeningPort(DEADLINE);
            PushwireClient ws = PushwireClient.connect(URI.create("wss://localhost:" + port + "/secure"),
                    ClientOptions.builder().trustedCertificates(cert.certPem()).build());
            Recorder rec = Recorder.of(ws);
            ws.awaitOpen(DEADLINE);
            ws.send("over tls");
            assertThat(rec.nextMessage(DEADLINE).text()).isEqualTo("over tls");
            assertThat(server.awaitLine(l -> l.startsWith("open "), DEADLINE)).isEqualTo("open /secure -");
            ws.close();
            assertThat(rec.nextClose(DEADLINE).code()).isEqualTo(1000);
        }
    }

    @Test
    void certificateForAnotherHostIsRefusedUnlessHostnameVerificationIsOff() {
        TestCertificate cert = TestCertificate.createOnlyFor(dir, "other.example");
        try (NodeProcess server = NodeProject.start("echo-server.js", "0", "--tls",
                cert.certPem().toString(), cert.keyPem().toString())) {
            int port = server.awaitListeningPort(DEADLINE);
            URI uri = URI.create("wss://localhost:" + port + "/");
            ClientOptions trusting = ClientOptions.builder().trustedCertificates(cert.certPem()).build();

            PushwireClient checked = PushwireClient.connect(uri, trusting);
            assertThatThrownBy(() -> checked.awaitOpen(DEADLINE))
                    .isInstanceOfSatisfying(ConnectFailedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TLS))
                    .hasMessageContaining("localhost");

            PushwireClient unchecked = PushwireClient.connect(uri, trusting.toBuilder().verifyHostname(false).build());
            unchecked.awaitOpen(DEADLINE);
            unchecked.close();
        }
    }

    @Test
    void plainWsToATlsServerFailsClearly() {
        TestCertificate cert = TestCertificate.create(dir);
        try (NodeProcess server = NodeProject.start("echo-server.js", "0", "--tls",
                cert.certPem().toString(), cert.keyPem().toString())) {
            int port = server.awaitListeningPort(DEADLINE);
            PushwireClient ws = PushwireClient.connect(URI.create("ws://localhost:" + port + "/"),
                    ClientOptions.builder().handshakeTimeout(Duration.ofSeconds(2)).build());
            assertThatThrownBy(() -> ws.awaitOpen(DEADLINE)).isInstanceOf(ConnectFailedException.class);
        }
    }
}
