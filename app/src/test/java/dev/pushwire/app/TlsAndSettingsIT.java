package dev.pushwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.testkit.TestCertificate;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings reach the real server from every source: the TLS certificate from an environment variable, the key and a
 * message limit from the config file that another environment variable names, the port from a flag. The server
 * then speaks https:// and wss:// and enforces the limit.
 */
class TlsAndSettingsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void tlsFilesAndLimitsFromEnvironmentAndConfigFileServeWssAndEnforceTheLimit() throws Exception {
        TestCertificate cert = TestCertificate.create(dir);
        Path config = dir.resolve("pushwire.properties");
        Files.writeString(config, "tls-key = " + cert.keyPem() + "\nmax-message-bytes = 64\nport = 1\n");
        Map<String, String> env = Map.of("PUSHWIRE_TLS_CERT", cert.certPem().toString(),
                "PUSHWIRE_CONFIG", config.toString());

        try (PushwireServeProcess server = PushwireServeProcess.start(env)) {
            assertThat(server.port()).as("the flag --port 0 beats the file's port 1").isNotEqualTo(1);
            HttpClient https = HttpClient.newBuilder().sslContext(trusting(cert.certPem())).build();
            HttpResponse<String> health = https.send(HttpRequest.newBuilder(URI.create(server.https("/health")))
                    .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"up\"}");

            WsPeer peer = WsPeer.open(https, URI.create(server.wss("/echo")));
            peer.ws.sendText("small", true).get(5, TimeUnit.SECONDS);
            await().atMost(TIMEOUT).until(() -> peer.received.contains("text:small"));

            peer.ws.sendText("x".repeat(65), true).get(5, TimeUnit.SECONDS);
            await("close 1009 for a message over max-message-bytes").atMost(TIMEOUT)
                    .until(() -> peer.ends.stream().anyMatch(e -> e.startsWith("close:1009")));
        }
    }

    private static SSLContext trusting(Path certPem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certPem)) {
            trust.setCertificateEntry("pushwire-test", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
