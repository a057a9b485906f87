package dev.pushwire.client.internal;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * The client-side TLS contexts for {@code wss://}: the JDK's trusted CAs by default, or exactly the certificates of
 * a PEM file. Host-name verification (endpoint identification {@code HTTPS}) is on unless turned off. Contexts are
 * built once per distinct setting and shared; thread-safe.
 */
public final class ClientTls {
    private static final Map<Key, SslContext> CONTEXTS = new ConcurrentHashMap<>();

    private record Key(Path trusted, boolean verifyHostname) {
    }

    private ClientTls() {
    }

    /** The context for these settings ({@code trustedPem} null: the JDK's CAs). */
    public static SslContext context(Path trustedPem, boolean verifyHostname) {
        Key key = new Key(trustedPem == null ? null : trustedPem.toAbsolutePath().normalize(), verifyHostname);
        return CONTEXTS.computeIfAbsent(key, ClientTls::build);
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
