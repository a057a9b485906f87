package dev.pushwire.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fresh self-signed certificate for TLS tests, valid for {@code localhost} and {@code 127.0.0.1}, written as PEM
 * files (certificate, and PKCS#8 private key) that Node's {@code https}, Pushwire's server ({@code tls(cert, key)})
 * and the client's {@code trustedCertificates(cert)} all read. Made with the JDK's own {@code keytool}, so it needs
 * nothing else on the machine.
 *
 * @param certPem the certificate, PEM
 * @param keyPem  the private key, PEM (PKCS#8, unencrypted)
 */
public record TestCertificate(Path certPem, Path keyPem) {
    private static final String PASSWORD = "pushwire-test";

    /** Creates a certificate with common name {@code localhost} in {@code dir} (e.g. a JUnit {@code @TempDir}). */
    public static TestCertificate create(Path dir) {
        return create(dir, "localhost");
    }

    /** Creates a certificate for {@code name} (also valid for localhost and 127.0.0.1) in {@code dir}. */
    public static TestCertificate create(Path dir, String name) {
        return create(dir, name, "dns:" + name + ",dns:localhost,ip:127.0.0.1");
    }

    /**
     * Creates a certificate valid only for {@code name}, not for localhost or 127.0.0.1: a client connecting to
     * loopback must refuse it unless host-name verification is off.
     */
    public static TestCertificate createOnlyFor(Path dir, String name) {
        return create(dir, name, "dns:" + name);
    }

    private static TestCertificate create(Path dir, String name, String subjectAltNames) {
        try {
            Path keystore = dir.resolve(name + ".p12");
            Files.deleteIfExists(keystore);
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "test",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3",
                    "-dname", "CN=" + name, "-ext", "SAN=" + subjectAltNames,
                    "-keystore", keystore.toString(), "-storetype", "PKCS12",
                    "-storepass", PASSWORD, "-keypass", PASSWORD))
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, PASSWORD.toCharArray());
            }
            Certificate cert = ks.getCertificate("test");
            Key key = ks.getKey("test", PASSWORD.toCharArray());
            Path certPem = dir.resolve(name + ".crt.pem");
            Path keyPem = dir.resolve(name + ".key.pem");
            Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
            Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
            return new TestCertificate(certPem, keyPem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the keystore keytool wrote", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
