package dev.pushwire.server.internal.http;

import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.server.HttpTransportOptions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A minimal Netty HTTP server that routes {@code ?transport=} requests to {@link HttpSessionTransport}, on a free
 * loopback port with two event loops (so sessions hop between loops as in the real server).
 */
final class TestHttpServer implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Map<String, EndpointBinding> endpoints = new ConcurrentHashMap<>();
    final HttpSessionTransport transport;
    private final Channel server;

    TestHttpServer(HttpTransportOptions options, List<String> allowedOrigins) throws InterruptedException {
        transport = new HttpSessionTransport(options, () -> allowedOrigins, () -> true);
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(16 << 20),
                                new Router());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    TestHttpServer endpoint(String path, ConnectionLimits limits, Consumer<Connection> handler) {
        endpoints.put(path, new EndpointBinding(path, limits, handler));
        return this;
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    @Override
    public void close() {
        transport.closeAll(dev.pushwire.core.CloseCode.GOING_AWAY, "test over");
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            EndpointBinding ep = endpoints.get(new QueryStringDecoder(req.uri()).path());
            if (ep != null && HttpSessionTransport.wants(req)) {
                transport.handle(ctx, req, ep);
            } else {
                ctx.writeAndFlush(new DefaultFullHttpResponse(req.protocolVersion(), HttpResponseStatus.NOT_FOUND,
                        Unpooled.EMPTY_BUFFER)).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
