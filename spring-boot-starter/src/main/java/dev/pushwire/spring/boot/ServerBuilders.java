package dev.pushwire.spring.boot;

import dev.pushwire.server.PushwireServer;

/** Turns {@link PushwireProperties} into a {@link PushwireServer.Builder}. */
final class ServerBuilders {
    private ServerBuilders() {
    }

    /**
     * @throws IllegalArgumentException naming the property when a value is out of range, or only one of the TLS
     *                                  files is set
     */
    static PushwireServer.Builder fromProperties(PushwireProperties p) {
        PushwireServer.Builder b = PushwireServer.builder()
                .host(p.getHost())
                .port(p.getPort())
                .maxConnections(p.getMaxConnections())
                .handshakeTimeout(p.getHandshakeTimeout())
                .maxRequestHeaderBytes(PushwireProperties.Sizes.toInt(p.getMaxRequestHeaderBytes(),
                        "pushwire.max-request-header-bytes"))
                .maxRequestBodyBytes(PushwireProperties.Sizes.toInt(p.getMaxRequestBodyBytes(),
                        "pushwire.max-request-body-bytes"))
                .allowedOrigins(p.getAllowedOrigins())
                .shutdownTimeout(p.getShutdownTimeout())
                .ioThreads(p.getIoThreads())
                .limits(p.getLimits().toConnectionLimits())
                .deflate(p.getDeflate().toDeflateOptions())
                .http(p.getHttp().toHttpTransportOptions());
        PushwireProperties.Tls tls = p.getTls();
        if ((tls.getCertificate() == null) != (tls.getPrivateKey() == null)) {
            throw new IllegalArgumentException("pushwire.tls.certificate and pushwire.tls.private-key go together;"
                    + " set both (or neither)");
        }
        if (tls.getCertificate() != null) {
            b.tls(tls.getCertificate(), tls.getPrivateKey());
        }
        return b;
    }
}
