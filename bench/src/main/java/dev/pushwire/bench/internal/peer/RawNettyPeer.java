package dev.pushwire.bench.internal.peer;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.Version;
import io.netty.util.concurrent.EventExecutor;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The raw Netty peer: Netty's own WebSocket codec on native epoll, written the fast way: echoes are written without
 * a flush and flushed once per read batch ({@code channelReadComplete}); a broadcast is one task per event loop
 * that writes the same frame (a retained duplicate) to each of that loop's subscribers. Netty's defaults otherwise
 * (UTF-8 validation on, event loops = 2 × cores).
 */
final class RawNettyPeer implements PeerServer {
    private EventLoopGroup group;
    private Channel serverChannel;

    @Override
    public void start(int port) throws Exception {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("native epoll is not available", Epoll.unavailabilityCause());
        }
        group = new MultiThreadIoEventLoopGroup(PeerServer.ioThreads(0), EpollIoHandler.newFactory()); // 0: 2 x cores
        Subscribers subscribers = new Subscribers();
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/")
                .checkStartsWith(true)
                .maxFramePayloadLength(MAX_MESSAGE_BYTES)
                .build();
        serverChannel = new ServerBootstrap()
                .group(group)
                .channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                                new WebSocketServerProtocolHandler(config), new Routes(subscribers));
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
    }

    @Override
    public void stop() throws Exception {
        if (serverChannel != null) {
            serverChannel.close().sync();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }

    @Override
    public String description() {
        Version v = Version.identify().get("netty-codec-http");
        return "Netty " + (v == null ? "?" : v.artifactVersion()) + " WebSocket codec, native epoll";
    }

    /** The /sub channels, grouped by event loop; each loop's set is touched only on that loop. */
    private static final class Subscribers {
        private final Map<EventExecutor, Set<Channel>> byLoop = new ConcurrentHashMap<>();

        /** Adds {@code ch} until it closes; on its event loop. */
        void add(Channel ch) {
            Set<Channel> mine = byLoop.computeIfAbsent(ch.eventLoop(), loop -> new HashSet<>());
            mine.add(ch);
            ch.closeFuture().addListener(f -> mine.remove(ch));
        }

        /** Sends {@code frame} to every subscriber and releases it; any thread. */
        void broadcast(WebSocketFrame frame) {
            for (Map.Entry<EventExecutor, Set<Channel>> e : byLoop.entrySet()) {
                WebSocketFrame copy = frame.retainedDuplicate();
                Set<Channel> subs = e.getValue();
                e.getKey().execute(() -> {
                    for (Channel ch : subs.toArray(new Channel[0])) {
                        ch.writeAndFlush(copy.retainedDuplicate(), ch.voidPromise());
                    }
                    copy.release();
                });
            }
            frame.release();
        }
    }

    /** Picks the route at the handshake; then echoes or broadcasts. One instance per connection. */
    private static final class Routes extends ChannelInboundHandlerAdapter {
        private final Subscribers subscribers;
        /** The route; event loop only. */
        private String path = "";

        Routes(Subscribers subscribers) {
            this.subscribers = subscribers;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hs) {
                String uri = hs.requestUri();
                int q = uri.indexOf('?');
                path = q < 0 ? uri : uri.substring(0, q);
                if ("/sub".equals(path)) {
                    subscribers.add(ctx.channel());
                } else if (!"/echo".equals(path) && !"/pub".equals(path)) {
                    ctx.close();
                }
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof WebSocketFrame frame)) {
                ctx.fireChannelRead(msg);
                return;
            }
            switch (path) {
                case "/echo" -> ctx.write(frame);
                case "/pub" -> {
                    subscribers.broadcast(frame);
                }
                default -> frame.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // e.g. a reset by a client that went away: nothing to log in a benchmark
        }
    }
}
