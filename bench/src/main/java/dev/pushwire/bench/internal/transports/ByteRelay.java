package dev.pushwire.bench.internal.transports;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on loopback that counts what crosses it: bytes client → server ("up"), bytes server → client
 * ("down"), TCP connections, and HTTP requests (request lines, recognised as {@code " HTTP/1.1\r\n"} in the
 * client's bytes, across read boundaries). Clients connect to {@link #port()}; every connection is relayed to the
 * target port. This is how the comparison counts the wire instead of trusting the server's counters.
 *
 * <p>The relayed connections leave from {@link #SOURCE_ADDRESSES} loopback addresses in turn (127.0.1.1 to
 * 127.0.1.64), as clients from many addresses would: a server's per-address limits (connections, HTTP sessions a
 * minute) then see at most 1/64 of the clients each.
 *
 * <p>Threading: relaying runs on the relay's own event loops; the counters are atomic and may be read from any
 * thread ({@link #snapshot()}).
 */
final class ByteRelay implements AutoCloseable {
    private static final byte[] REQUEST_LINE_END = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);

    /** How many loopback source addresses the relayed connections are spread over. */
    static final int SOURCE_ADDRESSES = 64;

    private final AtomicLong spread = new AtomicLong();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final AtomicLong up = new AtomicLong();
    private final AtomicLong down = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final Channel server;
    /** Every relayed connection, both sides, so that {@link #close()} leaves no socket open. */
    private final ChannelGroup open = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    /** What the relay counted so far. */
    record Counts(long up, long down, long requests, long connections) {
        Counts minus(Counts o) {
            return new Counts(up - o.up, down - o.down, requests - o.requests, connections - o.connections);
        }
    }

    ByteRelay(int targetPort) throws InterruptedException {
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", targetPort);
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel inbound) {
                        connections.incrementAndGet();
                        open.add(inbound);
                        inbound.pipeline().addLast(new ClientSide(target));
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    /** The port clients connect to. */
    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The counters now. */
    Counts snapshot() {
        return new Counts(up.get(), down.get(), requests.get(), connections.get());
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        open.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Reads the client's bytes, counts them (and its request lines) and writes them to the server. */
    private final class ClientSide extends ChannelInboundHandlerAdapter {
        private final InetSocketAddress target;
        /** How many bytes of {@link #REQUEST_LINE_END} the last read ended with; event loop only. */
        private int matched;
        private Channel outbound;

        ClientSide(InetSocketAddress target) {
            this.target = target;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel inbound = ctx.channel();
            new Bootstrap().group(inbound.eventLoop()).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ServerSide(inbound))
                    .connect(target, new InetSocketAddress("127.0.1." + (1 + spread.getAndIncrement() % SOURCE_ADDRESSES), 0))
                    .addListener((ChannelFutureListener) f -> {
                        if (f.isSuccess()) {
                            outbound = f.channel();
                            open.add(outbound);
                            inbound.read();
                        } else {
                            inbound.close();
                        }
                    });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            up.addAndGet(buf.readableBytes());
            countRequestLines(buf);
            outbound.writeAndFlush(buf).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    ctx.channel().read();
                } else {
                    f.channel().close();
                    ctx.channel().close();
                }
            });
        }

        private void countRequestLines(ByteBuf buf) {
            for (int i = buf.readerIndex(), end = buf.writerIndex(); i < end; i++) {
                byte b = buf.getByte(i);
                if (b == REQUEST_LINE_END[matched]) {
                    if (++matched == REQUEST_LINE_END.length) {
                        requests.incrementAndGet();
                        matched = 0;
                    }
                } else {
                    matched = b == REQUEST_LINE_END[0] ? 1 : 0;
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (outbound != null) {
                outbound.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Reads the server's bytes, counts them and writes them to the client. */
    private final class ServerSide extends ChannelInboundHandlerAdapter {
        private final Channel inbound;

        ServerSide(Channel inbound) {
            this.inbound = inbound;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            down.addAndGet(buf.readableBytes());
            inbound.writeAndFlush(buf);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inbound.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
