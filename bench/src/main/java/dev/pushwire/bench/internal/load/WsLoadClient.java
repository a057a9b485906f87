package dev.pushwire.bench.internal.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's connection factory: Netty on a native transport ({@link ClientTransport}: io_uring or
 * epoll) with its own event loops, opening WebSocket
 * connections to one loopback port (or, with {@link #connect(int, String, WsConnection.Listener)}, to any).
 * Thread-safe; close it to free the event loops.
 */
public final class WsLoadClient implements AutoCloseable {
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final int port;
    private final int prefixBytes;

    /** A client of {@code 127.0.0.1:port} running {@code threads} event loops on epoll. */
    public WsLoadClient(int port, int threads) {
        this(port, threads, FrameReader.PREFIX_BYTES);
    }

    /** A client of {@code 127.0.0.1:port} running {@code threads} event loops on {@code transport}. */
    public WsLoadClient(int port, int threads, ClientTransport transport) {
        this(port, threads, FrameReader.PREFIX_BYTES, transport);
    }

    /**
     * A client of {@code 127.0.0.1:port} running {@code threads} event loops whose connections hand their listeners
     * the first {@code prefixBytes} of each message.
     */
    public WsLoadClient(int port, int threads, int prefixBytes) {
        this(port, threads, prefixBytes, ClientTransport.EPOLL);
    }

    /** The same on {@code transport}. */
    public WsLoadClient(int port, int threads, int prefixBytes, ClientTransport transport) {
        transport.requireAvailable();
        this.port = port;
        this.prefixBytes = prefixBytes;
        this.group = new MultiThreadIoEventLoopGroup(threads, transport.handlerFactory());
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .remoteAddress(new InetSocketAddress("127.0.0.1", port));
    }

    /** Opens a connection to {@code path}; the listener hears of the upgrade's outcome. */
    public ChannelFuture connect(String path, WsConnection.Listener listener) {
        return connect(port, path, listener);
    }

    /** Opens a connection to {@code path} on {@code 127.0.0.1:otherPort}. */
    public ChannelFuture connect(int otherPort, String path, WsConnection.Listener listener) {
        byte[] request = upgradeRequest(otherPort, path);
        return bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new WsConnection(request, listener, prefixBytes));
            }
        }).connect(new InetSocketAddress("127.0.0.1", otherPort));
    }

    /** The event loops (for scheduling the publisher). */
    public EventLoopGroup group() {
        return group;
    }

    private static byte[] upgradeRequest(int port, String path) {
        return ("GET " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
