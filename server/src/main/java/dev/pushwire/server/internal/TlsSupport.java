package dev.pushwire.server.internal;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/** The server's TLS context from a PEM certificate chain and key; OpenSSL (BoringSSL) when available, else JDK. */
public final class TlsSupport {
    private final SslContext context;

    private TlsSupport(SslContext context) {
        this.context = context;
    }

    /** Loads the certificate and key; fails with a message naming the files. */
    public static TlsSupport load(Path certificatePem, Path privateKeyPem) {
        try {
            SslContext ctx = SslContextBuilder.forServer(certificatePem.toFile(), privateKeyPem.toFile())
                    .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                    .build();
            return new TlsSupport(ctx);
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("could not load TLS certificate " + certificatePem + " and key "
                    + privateKeyPem + ": " + e.getMessage(), e);
        }
    }

    public SslContext context() {
        return context;
    }
}
