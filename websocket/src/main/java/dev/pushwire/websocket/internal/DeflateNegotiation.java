package dev.pushwire.websocket.internal;

import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.websocket.DeflateOptions;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilter;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateClientExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns {@link DeflateOptions} into Netty's permessage-deflate handshakers. Netty does the RFC 7692 parameter
 * negotiation and the (de)compression; this class only maps our options onto it:
 * the size threshold becomes an encoder {@link WebSocketExtensionFilter} (small frames skip compression), and the
 * memory cap becomes Netty's {@code maxAllocation} (inflating past it fails with a {@code DecompressionException},
 * answered with 1009).
 */
public final class DeflateNegotiation {
    private static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";

    private DeflateNegotiation() {
    }

    /** The handshaker a server uses to answer a client's offer. */
    public static PerMessageDeflateServerExtensionHandshaker serverHandshaker(DeflateOptions o, ConnectionLimits limits) {
        boolean smallOwnWindow = ZlibCodecFactory.isSupportingWindowSizeAndMemLevel();
        return new PerMessageDeflateServerExtensionHandshaker(
                o.compressionLevel(),
                smallOwnWindow,               // honour a client's server_max_window_bits only if we can compress so
                o.clientMaxWindowBits(),      // what we ask of a client that offers client_max_window_bits
                true,                         // server_no_context_takeover costs us nothing: always accept it
                o.clientNoContextTakeover(),
                filters(o.thresholdBytes()),
                maxAllocation(o, limits));
    }

    /**
     * An offer as Netty's server handshaker should see it. Netty declines any offer carrying
     * {@code server_max_window_bits} unless it may compress with a smaller window (JZlib); but
     * {@code server_max_window_bits=15} asks for nothing smaller than what the JDK's zlib does, so the parameter is
     * dropped and the offer accepted (RFC 7692 7.1.2.1 lets the answer omit it).
     */
    public static WebSocketExtensionData normalizeOffer(WebSocketExtensionData offer) {
        String serverWindow = offer.parameters().get(SERVER_MAX_WINDOW_BITS);
        if (!"15".equals(serverWindow == null ? null : serverWindow.trim())
                || ZlibCodecFactory.isSupportingWindowSizeAndMemLevel()) {
            return offer;
        }
        Map<String, String> parameters = new HashMap<>(offer.parameters());
        parameters.remove(SERVER_MAX_WINDOW_BITS);
        return new WebSocketExtensionData(offer.name(), parameters);
    }

    /** The handshaker a client uses to offer the extension and check the server's answer. */
    public static PerMessageDeflateClientExtensionHandshaker clientHandshaker(DeflateOptions o, ConnectionLimits limits) {
        boolean smallOwnWindow = ZlibCodecFactory.isSupportingWindowSizeAndMemLevel();
        return new PerMessageDeflateClientExtensionHandshaker(
                o.compressionLevel(),
                smallOwnWindow,               // accept a server's client_max_window_bits only if we can compress so
                o.serverMaxWindowBits(),      // requested of the server
                o.clientNoContextTakeover(),
                o.serverNoContextTakeover(),
                filters(o.thresholdBytes()),
                maxAllocation(o, limits));
    }

    private static int maxAllocation(DeflateOptions o, ConnectionLimits limits) {
        return o.maxInflatedBytes() > 0 ? o.maxInflatedBytes() : limits.maxMessageBytes();
    }

    private static WebSocketExtensionFilterProvider filters(int thresholdBytes) {
        WebSocketExtensionFilter encoder = thresholdBytes <= 0
                ? WebSocketExtensionFilter.NEVER_SKIP
                : new BelowThreshold(thresholdBytes);
        return new WebSocketExtensionFilterProvider() {
            @Override
            public WebSocketExtensionFilter encoderFilter() {
                return encoder;
            }

            @Override
            public WebSocketExtensionFilter decoderFilter() {
                return WebSocketExtensionFilter.NEVER_SKIP;
            }
        };
    }

    /** Skips compression for frames with fewer payload bytes than the threshold. Stateless, shared. */
    private static final class BelowThreshold implements WebSocketExtensionFilter {
        private final int thresholdBytes;

        BelowThreshold(int thresholdBytes) {
            this.thresholdBytes = thresholdBytes;
        }

        @Override
        public boolean mustSkip(WebSocketFrame frame) {
            return frame.content().readableBytes() < thresholdBytes;
        }
    }
}
