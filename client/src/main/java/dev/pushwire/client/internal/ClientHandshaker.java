package dev.pushwire.client.internal;

import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.websocket.DeflateOptions;
import dev.pushwire.websocket.internal.DeflateNegotiation;
import dev.pushwire.websocket.internal.WebSocketPipeline;
import dev.pushwire.websocket.internal.WebSocketRole;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker13;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionUtil;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateClientExtensionHandshaker;
import java.net.URI;
import java.util.List;

/**
 * Netty's RFC 6455 client handshake (version 13; every frame we send is masked) adapted to the shared engine:
 * <ul>
 *   <li>the frame decoder it installs uses the engine's settings ({@link WebSocketPipeline#decoderConfig}: protocol
 *       violations are raised, not answered by Netty; UTF-8 is validated by the engine, faster);</li>
 *   <li>it offers permessage-deflate when enabled and checks the server's answer: an extension we did not offer, or
 *       parameters we cannot accept, fail the handshake;</li>
 *   <li>no {@code Origin} header unless the caller gave one (as Node's {@code ws}): a server with an origin
 *       allow-list should not see a made-up origin.</li>
 * </ul>
 * Event-loop confined after construction.
 */
public final class ClientHandshaker extends WebSocketClientHandshaker13 {
    private final ConnectionLimits limits;
    private final PerMessageDeflateClientExtensionHandshaker deflate;
    private final DeflateOptions deflateOptions;
    private final boolean originGiven;
    /** The extension the server accepted, once verified; null when none. */
    private WebSocketClientExtension extension;
    private String extensionHeader = "";

    public ClientHandshaker(URI uri, List<String> subprotocols, HttpHeaders customHeaders, ConnectionLimits limits,
                            DeflateOptions deflateOptions) {
        super(uri, WebSocketVersion.V13, subprotocols.isEmpty() ? null : String.join(",", subprotocols),
                deflateOptions.enabled(), withOffer(customHeaders, deflateOptions, limits), limits.maxFrameBytes(),
                true, false, limits.closeTimeout().toMillis());
        this.limits = limits;
        this.deflateOptions = deflateOptions;
        this.deflate = deflateOptions.enabled() ? DeflateNegotiation.clientHandshaker(deflateOptions, limits) : null;
        this.originGiven = customHeaders.contains(HttpHeaderNames.ORIGIN);
    }

    private static HttpHeaders withOffer(HttpHeaders custom, DeflateOptions deflate, ConnectionLimits limits) {
        HttpHeaders h = custom.copy();
        if (deflate.enabled()) {
            h.set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS,
                    format(DeflateNegotiation.clientHandshaker(deflate, limits).newRequestData()));
        }
        return h;
    }

    @Override
    protected FullHttpRequest newHandshakeRequest() {
        FullHttpRequest request = super.newHandshakeRequest();
        if (!originGiven) {
            request.headers().remove(HttpHeaderNames.ORIGIN);
        }
        return request;
    }

    @Override
    protected void verify(FullHttpResponse response) {
        super.verify(response);
        String answer = response.headers().get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
        if (answer == null || answer.isBlank()) {
            return;
        }
        List<WebSocketExtensionData> accepted = WebSocketExtensionUtil.extractExtensions(answer);
        if (deflate == null || accepted.size() != 1) {
            throw new WebSocketClientHandshakeException("the server accepted extensions we did not offer: "
                    + answer, response);
        }
        WebSocketClientExtension ext = deflate.handshakeExtension(accepted.get(0));
        if (ext == null) {
            throw new WebSocketClientHandshakeException("the server's permessage-deflate parameters are not "
                    + "acceptable: " + answer, response);
        }
        extension = DeflateNegotiation.clientExtension(ext, accepted.get(0), deflateOptions, limits);
        extensionHeader = answer.trim();
    }

    @Override
    protected WebSocketFrameDecoder newWebsocketDecoder() {
        return new WebSocket13FrameDecoder(WebSocketPipeline.decoderConfig(WebSocketRole.CLIENT, limits,
                extension != null));
    }

    /** The extension the server accepted, or null. */
    public WebSocketClientExtension extension() {
        return extension;
    }

    /** The server's {@code Sec-WebSocket-Extensions} answer, or empty. */
    public String extensionHeader() {
        return extensionHeader;
    }

    private static String format(WebSocketExtensionData data) {
        StringBuilder b = new StringBuilder(data.name());
        data.parameters().forEach((k, v) -> {
            b.append("; ").append(k);
            if (v != null) {
                b.append('=').append(v);
            }
        });
        return b.toString();
    }
}
