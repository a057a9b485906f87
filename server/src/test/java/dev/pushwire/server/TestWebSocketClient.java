package dev.pushwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketClientCompressionHandler;
import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client for tests, built on Netty's own {@link WebSocketClientHandshaker} (an independent
 * implementation of the client side), recording every frame it receives in order.
 */
final class TestWebSocketClient implements AutoCloseable {
    static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());

    /** What the client saw, in order. */
    sealed interface Event permits Text, Binary, Ping, Pong, Close {
    }

    record Text(String text) implements Event {
    }

    record Binary(byte[] bytes) implements Event {
    }

    record Ping(byte[] payload) implements Event {
    }

    record Pong(byte[] payload) implements Event {
    }

    record Close(int code, String reason) implements Event {
    }

    /** The server's answer to the handshake: status, headers and body. */
    record HandshakeResponse(int status, HttpHeaders headers, String body) {
    }

    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final CompletableFuture<HandshakeResponse> handshakeResponse = new CompletableFuture<>();
    final Channel channel;
    final WebSocketClientHandshaker handshaker;
    volatile boolean autoPong = true;
    /** Answer the server's close frame, as a well-behaved client does. */
    volatile boolean autoCloseReply = true;
    /** Bytes received on the wire (after TLS, before any WebSocket decoding). */
    final java.util.concurrent.atomic.AtomicLong wireBytesIn;
    private volatile boolean closeSent;

    private TestWebSocketClient(Channel channel, WebSocketClientHandshaker handshaker,
                                java.util.concurrent.atomic.AtomicLong wireBytesIn) {
        this.wireBytesIn = wireBytesIn;
        this.channel = channel;
        this.handshaker = handshaker;
    }

    static Builder to(String uri) {
        return new Builder(URI.create(uri));
    }

    static final class Builder {
        private final URI uri;
        private String subprotocols;
        private boolean deflate;
        private final HttpHeaders headers = new DefaultHttpHeaders();
        private int maxFrame = 64 << 20;
        private SslContext ssl;
        private boolean autoRead = true;

        Builder(URI uri) {
            this.uri = uri;
        }

        Builder subprotocols(String s) {
            subprotocols = s;
            return this;
        }

        Builder deflate() {
            deflate = true;
            return this;
        }

        Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        Builder ssl(SslContext ssl) {
            this.ssl = ssl;
            return this;
        }

        /** The client never reads from the socket after the handshake (a slow consumer). */
        Builder neverReadAfterHandshake() {
            autoRead = false;
            return this;
        }

        /** Connects and waits for the handshake to finish (or fail: see {@link #handshakeResponse}). */
        TestWebSocketClient connect() throws Exception {
            WebSocketClientHandshaker hs = WebSocketClientHandshakerFactory.newHandshaker(uri, WebSocketVersion.V13,
                    subprotocols, deflate, headers, maxFrame);
            java.util.concurrent.atomic.AtomicLong wireBytes = new java.util.concurrent.atomic.AtomicLong();
            Bootstrap b = new Bootstrap().group(GROUP).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    if (msg instanceof ByteBuf) {
                                        wireBytes.addAndGet(((ByteBuf) msg).readableBytes());
                                    }
                                    ctx.fireChannelRead(msg);
                                }
                            });
                            if (ssl != null) {
                                ch.pipeline().addLast(ssl.newHandler(ch.alloc(), uri.getHost(), uri.getPort()));
                            }
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20));
                            if (deflate) {
                                ch.pipeline().addLast(new WebSocketClientCompressionHandler(0));
                            }
                        }
                    });
            if (!autoRead) {
                b.option(ChannelOption.SO_RCVBUF, 4096);
            }
            Channel ch = b.connect(uri.getHost(), uri.getPort()).sync().channel();
            TestWebSocketClient client = new TestWebSocketClient(ch, hs, wireBytes);
            ch.pipeline().addLast(client.new Handler(autoRead));
            // on the event loop: Netty's handshaker adds a write listener that must run before the 101 is read
            ch.eventLoop().execute(() -> hs.handshake(ch).addListener(f -> {
                if (!f.isSuccess()) {
                    client.handshakeResponse.completeExceptionally(f.cause());
                }
            }));
            client.handshakeResponse.get(10, TimeUnit.SECONDS);
            return client;
        }
    }

    /** Whether the handshake succeeded (101). */
    boolean isOpen() {
        return handshaker.isHandshakeComplete() && channel.isActive();
    }

    void sendText(String text) {
        channel.writeAndFlush(new TextWebSocketFrame(text));
    }

    void sendBinary(byte[] bytes) {
        channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
    }

    void sendFrame(WebSocketFrame frame) {
        channel.writeAndFlush(frame);
    }

    /** Sends a text message in fragments of the given byte sizes (must add up to the UTF-8 length). */
    void sendTextFragments(byte[] utf8, int... sizes) {
        int off = 0;
        for (int i = 0; i < sizes.length; i++) {
            ByteBuf part = Unpooled.wrappedBuffer(utf8, off, sizes[i]);
            boolean last = i == sizes.length - 1;
            WebSocketFrame f = i == 0 ? new TextWebSocketFrame(last, 0, part) : new ContinuationWebSocketFrame(last, 0, part);
            channel.write(f);
            off += sizes[i];
        }
        channel.flush();
    }

    void ping(byte[] payload) {
        channel.writeAndFlush(new PingWebSocketFrame(Unpooled.wrappedBuffer(payload)));
    }

    void close(int code, String reason) {
        closeSent = true;
        channel.writeAndFlush(new CloseWebSocketFrame(code, reason));
    }

    Event next() throws InterruptedException {
        return next(Duration.ofSeconds(10));
    }

    Event next(Duration timeout) throws InterruptedException {
        Event e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(e).as("an event within " + timeout).isNotNull();
        return e;
    }

    String nextText() throws InterruptedException {
        Event e = next();
        assertThat(e).isInstanceOf(Text.class);
        return ((Text) e).text();
    }

    byte[] nextBinary() throws InterruptedException {
        return nextBinary(Duration.ofSeconds(10));
    }

    byte[] nextBinary(Duration timeout) throws InterruptedException {
        Event e = next(timeout);
        assertThat(e).isInstanceOf(Binary.class);
        return ((Binary) e).bytes();
    }

    /** Skips pings and pongs until the close frame; fails on a data message. */
    Close nextClose() throws InterruptedException {
        while (true) {
            Event e = next();
            if (e instanceof Close) {
                return (Close) e;
            }
            assertThat(e).as("expected a close frame").isInstanceOfAny(Ping.class, Pong.class);
        }
    }

    /** Waits until the TCP connection is closed. */
    void awaitDisconnect(Duration timeout) throws InterruptedException {
        assertThat(channel.closeFuture().await(timeout.toMillis())).as("disconnected within " + timeout).isTrue();
    }

    /** A client built with {@code neverReadAfterHandshake} starts reading what the server sent meanwhile. */
    void startReading() {
        channel.config().setAutoRead(true);
        channel.read();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    private final class Handler extends SimpleChannelInboundHandler<Object> {
        private final boolean autoReadAfterHandshake;

        Handler(boolean autoReadAfterHandshake) {
            this.autoReadAfterHandshake = autoReadAfterHandshake;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (!handshaker.isHandshakeComplete() && msg instanceof FullHttpResponse) {
                FullHttpResponse r = (FullHttpResponse) msg;
                try {
                    handshaker.finishHandshake(ctx.channel(), r);
                    if (!autoReadAfterHandshake) {
                        ctx.channel().config().setAutoRead(false);
                    }
                } catch (Exception e) {
                    // a refused handshake: keep the response for the test
                }
                handshakeResponse.complete(new HandshakeResponse(r.status().code(), r.headers().copy(),
                        r.content().toString(StandardCharsets.UTF_8)));
                return;
            }
            if (msg instanceof TextWebSocketFrame) {
                events.add(new Text(((TextWebSocketFrame) msg).text()));
            } else if (msg instanceof BinaryWebSocketFrame) {
                events.add(new Binary(ByteBufUtil.getBytes(((WebSocketFrame) msg).content())));
            } else if (msg instanceof PingWebSocketFrame) {
                byte[] p = ByteBufUtil.getBytes(((WebSocketFrame) msg).content());
                events.add(new Ping(p));
                if (autoPong) {
                    ctx.writeAndFlush(new PongWebSocketFrame(Unpooled.wrappedBuffer(p)));
                }
            } else if (msg instanceof PongWebSocketFrame) {
                events.add(new Pong(ByteBufUtil.getBytes(((WebSocketFrame) msg).content())));
            } else if (msg instanceof CloseWebSocketFrame) {
                CloseWebSocketFrame c = (CloseWebSocketFrame) msg;
                events.add(new Close(c.statusCode(), c.reasonText()));
                if (autoCloseReply && !closeSent) {
                    closeSent = true;
                    ctx.writeAndFlush(new CloseWebSocketFrame(c.statusCode(), ""));
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            handshakeResponse.completeExceptionally(cause);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            handshakeResponse.completeExceptionally(new IllegalStateException("closed before the handshake"));
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
