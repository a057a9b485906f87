package dev.pushwire.client.internal;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event loops every {@code PushwireClient} of the process shares: native epoll where the platform has it, NIO
 * otherwise. Created on first use with as many threads as cores (at most 4); daemon threads, so an application that
 * forgets to close its clients can still exit.
 */
public final class ClientEventLoops {
    private static final boolean EPOLL = Epoll.isAvailable();
    private static final int THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());

    private ClientEventLoops() {
    }

    /** Lazy holder: the group is made on first connect, not when the class loads. */
    private static final class Shared {
        static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(THREADS,
                new DefaultThreadFactory("pushwire-client", true), ioHandlerFactory());
    }

    private static IoHandlerFactory ioHandlerFactory() {
        return EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    /** The shared group. */
    public static EventLoopGroup group() {
        return Shared.GROUP;
    }

    /** The socket channel class that fits {@link #group()}. */
    public static Class<? extends Channel> channelClass() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** Whether the native epoll transport is in use. */
    public static boolean nativeTransport() {
        return EPOLL;
    }
}
