package dev.pushwire.client.internal;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The client-side TLS contexts for {@code wss://} (Netty's) and for the HTTP transports over {@code https://} (the
 * JDK's, for its {@code HttpClient}): the JDK's trusted CAs by default, or exactly the certificates of a PEM file.
 * Host-name verification (endpoint identification {@code HTTPS}) is on unless turned off. Contexts are built once
 * per distinct setting and shared; thread-safe.
 */
public final class ClientTls {
    private static final Map<Key, SslContext> CONTEXTS = new ConcurrentHashMap<>();
    private static final Map<Key, SSLContext> JDK_CONTEXTS = new ConcurrentHashMap<>();

    private record Key(Path trusted, boolean verifyHostname) {
    }

    private ClientTls() {
    }

    /** The context for these settings ({@code trustedPem} null: the JDK's CAs). */
    public static SslContext context(Path trustedPem, boolean verifyHostname) {
        Key key = new Key(trustedPem == null ? null : trustedPem.toAbsolutePath().normalize(), verifyHostname);
        return CONTEXTS.computeIfAbsent(key, ClientTls::build);
    }

    /**
     * The JDK context for the HTTP transports with these settings, or null for the JDK's default (its CAs, host
     * names checked).
     */
    public static SSLContext jdkContext(Path trustedPem, boolean verifyHostname) {
        if (trustedPem == null && verifyHostname) {
            return null;
        }
        Key key = new Key(trustedPem == null ? null : trustedPem.toAbsolutePath().normalize(), verifyHostname);
        return JDK_CONTEXTS.computeIfAbsent(key, ClientTls::buildJdk);
    }

    private static SSLContext buildJdk(Key key) {
        try {
            KeyStore store = null;
            if (key.trusted() != null) {
                store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                try (InputStream in = Files.newInputStream(key.trusted())) {
                    int i = 0;
                    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        store.setCertificateEntry("trusted-" + i++, c);
                    }
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store); // null: the JDK's CAs
            X509TrustManager trust = (X509TrustManager) factory.getTrustManagers()[0];
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {key.verifyHostname() ? trust : new ChainOnly(trust)}, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new UncheckedIOException(new IOException("cannot use the trusted certificates in "
                    + key.trusted() + ": " + e.getMessage(), e));
        }
    }

    /**
     * Checks the certificate chain only, not that it names the host: the JDK's {@code HttpClient} always asks for
     * host-name verification, which its trust manager does only when given the engine; this one is not.
     */
    private static final class ChainOnly extends X509ExtendedTrustManager {
        private final X509TrustManager chain;

        ChainOnly(X509TrustManager chain) {
            this.chain = chain;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certs, String authType) throws CertificateException {
            chain.checkServerTrusted(certs, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket)
                throws CertificateException {
            chain.checkServerTrusted(certs, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine)
                throws CertificateException {
            chain.checkServerTrusted(certs, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certs, String authType) throws CertificateException {
            throw new CertificateException("a client does not check client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certs, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(certs, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certs, String authType, SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(certs, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return chain.getAcceptedIssuers();
        }
    }

    private static SslContext build(Key key) {
        SslContextBuilder b = SslContextBuilder.forClient()
                .endpointIdentificationAlgorithm(key.verifyHostname() ? "HTTPS" : null);
        if (key.trusted() != null) {
            b.trustManager(Objects.requireNonNull(key.trusted()).toFile());
        }
        try {
            return b.build();
        } catch (SSLException e) {
            throw new UncheckedIOException(new IOException("cannot use the trusted certificates in "
                    + key.trusted() + ": " + e.getMessage(), e));
        }
    }
}
