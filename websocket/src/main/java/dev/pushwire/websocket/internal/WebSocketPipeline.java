package dev.pushwire.websocket.internal;

import dev.pushwire.core.ConnectionLimits;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;

/**
 * How the engine's handlers sit in a Netty pipeline, for the server's and the client's handshake code.
 *
 * <pre>
 *   head ─ [ssl] ─ frame encoder ─ [deflate encoder] ─ frame decoder ─ [rsv1 check ─ deflate decoder] ─ ... ─ WebSocketFrameHandler
 * </pre>
 * Netty's frame codec ({@code WebSocket08FrameEncoder}/{@code Decoder}) does framing and masking; the extension
 * codecs (permessage-deflate) sit between it and the {@link WebSocketFrameHandler}. A server connection without
 * extensions has the {@link MessageDecoder} in place of Netty's frame decoder: it passes on whole messages.
 */
public final class WebSocketPipeline {
    /** Name of the {@link WebSocketFrameHandler} in the pipeline. */
    public static final String FRAME_HANDLER = "pushwire-ws";
    /** Names of the extension codecs. */
    public static final String EXTENSION_ENCODER = "pushwire-ws-ext-encoder";
    public static final String EXTENSION_DECODER = "pushwire-ws-ext-decoder";

    private WebSocketPipeline() {
    }

    /**
     * Netty's frame-decoder settings for a role: frames up to {@code maxFrameBytes}; masking as the role expects;
     * RSV bits allowed only with a negotiated extension; protocol violations raised as exceptions (we send the
     * close frame ourselves, with a reason); Netty's byte-at-a-time UTF-8 validator off (we validate faster).
     */
    public static WebSocketDecoderConfig decoderConfig(WebSocketRole role, ConnectionLimits limits,
                                                       boolean extensionsNegotiated) {
        return WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(limits.maxFrameBytes())
                .expectMaskedFrames(role.expectsMaskedFrames())
                .allowMaskMismatch(false)
                .allowExtensions(extensionsNegotiated)
                .closeOnProtocolViolation(false)
                .withUTF8Validator(false)
                .build();
    }

    /**
     * Adds the extension codecs next to Netty's frame codec and the frame handler of {@code connection} at the end
     * of the pipeline. Call on the channel's event loop, right after the handshaker installed the frame codec.
     */
    public static WebSocketFrameHandler install(ChannelPipeline p, WebSocketConnection connection,
                                                WebSocketExtensionEncoder extensionEncoder,
                                                WebSocketExtensionDecoder extensionDecoder) {
        if (extensionEncoder != null) {
            String encoderName = p.context(WebSocketFrameEncoder.class).name();
            p.addAfter(encoderName, EXTENSION_ENCODER, extensionEncoder);
        }
        if (extensionDecoder != null) {
            String decoderName = p.context(WebSocketFrameDecoder.class).name();
            p.addAfter(decoderName, EXTENSION_DECODER, extensionDecoder);
            p.addAfter(decoderName, ContinuationRsv1Check.NAME, ContinuationRsv1Check.INSTANCE);
        }
        if (extensionDecoder == null && connection.role() == WebSocketRole.SERVER) {
            // no extension works on frame objects here: whole messages straight from the socket's buffers
            String decoderName = p.context(WebSocketFrameDecoder.class).name();
            p.replace(decoderName, decoderName, new MessageDecoder(connection.limits()));
        }
        WebSocketFrameHandler handler = new WebSocketFrameHandler(connection);
        p.addLast(FRAME_HANDLER, handler);
        return handler;
    }
}
