package dev.pushwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wss:// from a PEM certificate and key (a self-signed one made with the openssl command for the test). */
class TlsTest {
    @TempDir
    static Path dir;
    static Path cert;
    static Path key;

    @BeforeAll
    static void makeCertificate() throws Exception {
        cert = dir.resolve("cert.pem");
        key = dir.resolve("key.pem");
        Process p;
        try {
            p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", key.toString(), "-out", cert.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("the openssl command is needed to make a test certificate: " + e.getMessage());
            return;
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("openssl.log"))).isZero();
    }

    @Test
    void servesWssWithAPemCertificateAndKey() throws Exception {
        PushwireServer server = PushwireServer.builder().host("127.0.0.1").port(0).tls(cert, key).build();
        server.endpoint("/echo", conn -> conn.onMessage(msg -> conn.send(msg, null)));
        server.start();
        try {
            SslContext trust = SslContextBuilder.forClient().trustManager(cert.toFile()).build();
            try (TestWebSocketClient c = TestWebSocketClient.to("wss://127.0.0.1:" + server.port() + "/echo")
                    .ssl(trust).connect()) {
                c.sendText("secret hello");
                assertThat(c.nextText()).isEqualTo("secret hello");
                assertThat(server.connections().iterator().next().request().uri().toString()).isEqualTo("/echo");
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void refusesToBuildWithAMissingKeyFile() {
        assertThatThrownBy(() -> PushwireServer.builder().tls(cert, dir.resolve("nope.pem")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope.pem");
    }

    @Test
    void failsToStartWithAnUnreadableCertificateSayingWhichFile() throws Exception {
        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "not a certificate");
        PushwireServer server = PushwireServer.builder().host("127.0.0.1").port(0).tls(garbage, key).build();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("garbage.pem");
    }
}
