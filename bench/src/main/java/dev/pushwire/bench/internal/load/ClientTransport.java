package dev.pushwire.bench.internal.load;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.Locale;

/**
 * The load generator's native transport. Every peer of a run is driven through the same one. io_uring submits a
 * loop turn's sends in one system call and reaps the reads from its completion queue, so the generator spends
 * less CPU per message than on epoll (one {@code read} and one {@code write} call per connection and turn): on a
 * 2-core machine shared with the server, that CPU is the server's headroom. Immutable.
 */
public enum ClientTransport {
    /** Linux io_uring (Netty's {@code netty-transport-native-io_uring}). */
    IO_URING("io_uring"),
    /** Linux epoll. */
    EPOLL("epoll");

    private final String id;

    ClientTransport(String id) {
        this.id = id;
    }

    /** {@code io_uring} or {@code epoll}. */
    public String id() {
        return id;
    }

    /**
     * Parses {@code auto} (io_uring when this kernel offers it, else epoll), {@code io_uring} or {@code epoll}.
     *
     * @throws IllegalArgumentException for another name, or a transport this machine lacks
     */
    public static ClientTransport parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        ClientTransport t = switch (n) {
            case "auto" -> ioUringAvailable() ? IO_URING : EPOLL;
            case "io_uring", "iouring", "uring" -> IO_URING;
            case "epoll" -> EPOLL;
            default -> throw new IllegalArgumentException(
                    "client transport must be auto, io_uring or epoll, was '" + name + "'");
        };
        t.requireAvailable();
        return t;
    }

    /** Throws {@link IllegalStateException} with the reason when this transport cannot run here. */
    void requireAvailable() {
        if (this == IO_URING && !ioUringAvailable()) {
            throw new IllegalStateException("io_uring is not available: " + IoUring.unavailabilityCause());
        }
        if (this == EPOLL && !Epoll.isAvailable()) {
            throw new IllegalStateException("native epoll is not available", Epoll.unavailabilityCause());
        }
    }

    IoHandlerFactory handlerFactory() {
        return this == IO_URING ? IoUringIoHandler.newFactory() : EpollIoHandler.newFactory();
    }

    Class<? extends SocketChannel> channelClass() {
        return this == IO_URING ? IoUringSocketChannel.class : EpollSocketChannel.class;
    }

    private static boolean ioUringAvailable() {
        try {
            return IoUring.isAvailable();
        } catch (LinkageError e) {
            return false;
        }
    }
}
