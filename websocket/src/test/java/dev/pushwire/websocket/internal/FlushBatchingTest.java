package dev.pushwire.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.ConnectionLimits;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Writes are flushed in batches, not per message (a per-message flush is a syscall per message and throws away
 * most of the throughput): checked on a real event loop (Netty's local transport), counting the flushes that reach
 * the head of the pipeline.
 */
class FlushBatchingTest {
    private static final ConnectionLimits LIMITS = ConnectionLimits.builder().pingInterval(Duration.ZERO).build();

    private EventLoopGroup group;
    private Channel client;
    private final AtomicInteger flushes = new AtomicInteger();
    private final AtomicLong bytesToClient = new AtomicLong();
    private final CompletableFuture<WebSocketConnection> connection = new CompletableFuture<>();

    @BeforeEach
    void connect() throws Exception {
        group = new DefaultEventLoopGroup(1);
        LocalAddress address = new LocalAddress("flush-" + System.nanoTime());
        new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        ch.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
                            @Override
                            public void flush(ChannelHandlerContext ctx) {
                                flushes.incrementAndGet();
                                ctx.flush();
                            }
                        });
                        ch.pipeline().addLast("wsencoder", new WebSocket08FrameEncoder(false));
                        ch.pipeline().addLast("wsdecoder", new WebSocket08FrameDecoder(
                                WebSocketPipeline.decoderConfig(WebSocketRole.SERVER, LIMITS, false)));
                        WebSocketConnection c = new WebSocketConnection("flush-1", ch, WebSocketRole.SERVER, LIMITS,
                                null, "", List.of());
                        c.onMessage(m -> c.send(m, null));
                        WebSocketPipeline.install(ch.pipeline(), c, null, null);
                        connection.complete(c);
                    }
                }).bind(address).sync();
        client = new Bootstrap().group(group).channel(LocalChannel.class)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        bytesToClient.addAndGet(((ByteBuf) msg).readableBytes());
                        ReferenceCountUtil.release(msg);
                    }
                }).connect(address).sync().channel();
        connection.get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        client.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void flushesTheEchoesOfAWholeReadBatchOnce() {
        CompositeByteBuf batch = Unpooled.compositeBuffer();
        EmbeddedChannel masker = new EmbeddedChannel(new WebSocket08FrameEncoder(true));
        for (int i = 0; i < 16; i++) {
            masker.writeOutbound(new TextWebSocketFrame("m" + (char) ('a' + i))); // 2-byte payloads
            ByteBuf b;
            while ((b = masker.readOutbound()) != null) {
                batch.addComponent(true, b);
            }
        }
        masker.finishAndReleaseAll();
        client.writeAndFlush(batch); // one read on the server carrying 16 frames
        await().until(() -> bytesToClient.get() == 16 * 4);
        assertThat(flushes.get()).isEqualTo(1);
    }

    @Test
    void coalescesSendsFromAnotherThreadIntoOneFlushPerLoopTurn() throws Exception {
        WebSocketConnection c = connection.get();
        CountDownLatch release = new CountDownLatch(1);
        c.channel().eventLoop().execute(() -> {
            try {
                release.await(); // hold the loop so the sends queue up behind each other
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            for (int i = 0; i < 100; i++) {
                assertThat(c.send("x")).isTrue();
            }
            assertThat(c.bufferedAmount()).as("queued bytes count before they are written").isEqualTo(100);
        } finally {
            release.countDown(); // a failed assertion must not leave the loop held (close() would wait forever)
        }
        await().until(() -> bytesToClient.get() == 100 * 3);
        assertThat(flushes.get()).isEqualTo(1);
        assertThat(c.bufferedAmount()).isZero();
    }
}
