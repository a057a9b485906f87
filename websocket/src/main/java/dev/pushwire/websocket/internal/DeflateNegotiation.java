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
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * permessage-deflate negotiation. A server reads the client's offers strictly ({@link DeflateOffers}) and declines
 * the bad ones; Netty's handshakers then agree the parameters and give the compressor, with the size threshold as an
 * encoder {@link WebSocketExtensionFilter} (small frames skip compression). Inflating is ours on both sides
 * ({@link InflatingDecoder}), not Netty's: its decoder fails legal inputs (a first fragment that inflates to nothing,
 * a message after one ended with a BFINAL=1 block).
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

    /**
     * The extension a server agrees to for the client's {@code Sec-WebSocket-Extensions} headers, or null (no
     * compression): the first acceptable permessage-deflate offer in the client's order. An offer asking our
     * compressor for a window below 15 bits is declined unless JZlib can compress so (RFC 7692 7.1.2.1); a
     * {@code client_max_window_bits} value below what we would ask for is honoured by not asking (the client then
     * keeps to its own smaller window, which we inflate whatever its size).
     */
    public static WebSocketServerExtension negotiateServer(List<String> headerValues, DeflateOptions o,
                                                           ConnectionLimits limits) {
        PerMessageDeflateServerExtensionHandshaker handshaker = serverHandshaker(o, limits);
        for (WebSocketExtensionData offer : DeflateOffers.valid(headerValues)) {
            Map<String, String> parameters = new HashMap<>(offer.parameters());
            String clientBits = parameters.get(DeflateOffers.CLIENT_MAX_WINDOW_BITS);
            if (clientBits != null && Integer.parseInt(clientBits) < o.clientMaxWindowBits()) {
                // Netty would answer with our value, above the client's: RFC 7692 7.1.2.2 forbids that.
                parameters.remove(DeflateOffers.CLIENT_MAX_WINDOW_BITS);
            }
            WebSocketServerExtension netty = handshaker.handshakeExtension(
                    normalizeOffer(new WebSocketExtensionData(offer.name(), parameters)));
            if (netty != null) {
                WebSocketExtensionData response = netty.newReponseData();
                boolean takeover = !response.parameters().containsKey(DeflateOffers.CLIENT_NO_CONTEXT_TAKEOVER);
                return new ServerDeflate(netty, maxAllocation(o, limits), takeover);
            }
        }
        return null;
    }

    /** The client's extension for the server's answer: Netty's compressor, our inflater. */
    public static WebSocketClientExtension clientExtension(WebSocketClientExtension netty,
                                                           WebSocketExtensionData answer, DeflateOptions o,
                                                           ConnectionLimits limits) {
        boolean takeover = !answer.parameters().containsKey(DeflateOffers.SERVER_NO_CONTEXT_TAKEOVER);
        int max = maxAllocation(o, limits);
        return new WebSocketClientExtension() {
            @Override
            public int rsv() {
                return netty.rsv();
            }

            @Override
            public WebSocketExtensionEncoder newExtensionEncoder() {
                return netty.newExtensionEncoder();
            }

            @Override
            public WebSocketExtensionDecoder newExtensionDecoder() {
                return new InflatingDecoder(max, takeover);
            }
        };
    }

    /** A server's agreed extension: Netty's compressor and answer, our inflater. */
    private record ServerDeflate(WebSocketServerExtension netty, int maxInflatedBytes, boolean takeover)
            implements WebSocketServerExtension {
        @Override
        public int rsv() {
            return netty.rsv();
        }

        @Override
        public WebSocketExtensionEncoder newExtensionEncoder() {
            return netty.newExtensionEncoder();
        }

        @Override
        public WebSocketExtensionDecoder newExtensionDecoder() {
            return new InflatingDecoder(maxInflatedBytes, takeover);
        }

        @Override
        public WebSocketExtensionData newReponseData() {
            return netty.newReponseData();
        }
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
