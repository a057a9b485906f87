package dev.pushwire.websocket.internal;

import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.core.ConnectionListener;
import dev.pushwire.core.Message;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * The server-role engine on an {@link EmbeddedChannel}, with a peer that encodes (masks) the frames it "sends" and
 * decodes the frames the engine writes. Time is frozen; tests move it with {@link #advance}. Records every
 * listener event in order.
 */
final class EngineHarness implements AutoCloseable {
    final EmbeddedChannel channel = new EmbeddedChannel();
    final WebSocketConnection connection;
    final Queue<Object> events = new ArrayDeque<>();
    private final EmbeddedChannel peerEncoder = new EmbeddedChannel(new WebSocket08FrameEncoder(true));
    private final EmbeddedChannel peerDecoder = new EmbeddedChannel(new WebSocket08FrameDecoder(
            WebSocketDecoderConfig.newBuilder().expectMaskedFrames(false).maxFramePayloadLength(1 << 24)
                    .allowExtensions(false).build()));

    record Opened() {
    }

    record Ping(byte[] payload) {
    }

    record Pong(byte[] payload) {
    }

    record Error(Throwable error) {
    }

    EngineHarness(ConnectionLimits limits) {
        channel.freezeTime();
        channel.pipeline().addLast("wsencoder", new WebSocket08FrameEncoder(false));
        channel.pipeline().addLast("wsdecoder",
                new WebSocket08FrameDecoder(WebSocketPipeline.decoderConfig(WebSocketRole.SERVER, limits, false)));
        connection = new WebSocketConnection("test-1", channel, WebSocketRole.SERVER, limits, null, "", List.of());
        connection.addListener(new ConnectionListener() {
            @Override
            public void onOpen(Connection c) {
                events.add(new Opened());
            }

            @Override
            public void onMessage(Connection c, Message message) {
                events.add(message);
            }

            @Override
            public void onPing(Connection c, byte[] payload) {
                events.add(new Ping(payload));
            }

            @Override
            public void onPong(Connection c, byte[] payload) {
                events.add(new Pong(payload));
            }

            @Override
            public void onError(Connection c, Throwable error) {
                events.add(new Error(error));
            }

            @Override
            public void onClose(Connection c, CloseEvent event) {
                events.add(event);
            }
        });
        WebSocketPipeline.install(channel.pipeline(), connection, null, null);
    }

    /** The peer sends a (masked) frame. */
    void receive(WebSocketFrame frame) {
        peerEncoder.writeOutbound(frame);
        ByteBuf b;
        while ((b = peerEncoder.readOutbound()) != null) {
            receiveRaw(b);
        }
    }

    /** Raw bytes arrive from the peer (to send what no encoder would produce). */
    void receiveRaw(ByteBuf bytes) {
        if (channel.isActive()) {
            channel.writeInbound(bytes);
        } else {
            bytes.release();
        }
    }

    /** The next frame the engine wrote, decoded as the peer sees it (caller releases), or null. */
    WebSocketFrame sent() {
        channel.runPendingTasks();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            peerDecoder.writeInbound(b);
        }
        return peerDecoder.readInbound();
    }

    /** Moves the frozen clock and runs what became due. */
    void advance(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
    }

    /** The next recorded event of the given type, skipping none (fails on another type). */
    <T> T next(Class<T> type) {
        Object e = events.poll();
        if (!type.isInstance(e)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but was " + e + "; rest " + events);
        }
        return type.cast(e);
    }

    void assertExhausted() {
        if (!events.isEmpty()) {
            throw new AssertionError("unexpected events: " + events);
        }
    }

    @Override
    public void close() {
        Object o;
        while ((o = peerDecoder.readInbound()) != null) {
            ReferenceCountUtil.release(o);
        }
        channel.finishAndReleaseAll();
        peerEncoder.finishAndReleaseAll();
        peerDecoder.finishAndReleaseAll();
    }
}
