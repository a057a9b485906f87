package dev.pushwire.bench.internal.load;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.Locale;

/**
 * The load generator's native transport. Every peer of a run is driven through the same one in the same scenario.
 * io_uring submits a loop turn's sends in one system call and reaps the reads from its completion queue, so on the
 * echoes (100 connections, each answering at once) the generator spends less CPU per message than on epoll (one
 * {@code read} and one {@code write} call per connection and turn): on a 2-core machine shared with the server,
 * that CPU is the server's headroom. Reading thousands of connections (broadcast, idle), Netty 4.2.18's io_uring
 * client fell seconds behind where epoll kept up, so {@link #AUTO} takes epoll there. Immutable.
 */
public enum ClientTransport {
    /** io_uring for the echoes where the kernel has it, epoll for the many-connection scenarios. */
    AUTO("auto"),
    /** Linux io_uring (Netty's {@code netty-transport-native-io_uring}). */
    IO_URING("io_uring"),
    /** Linux epoll. */
    EPOLL("epoll");

    private final String id;

    ClientTransport(String id) {
        this.id = id;
    }

    /** {@code auto}, {@code io_uring} or {@code epoll}. */
    public String id() {
        return id;
    }

    /**
     * The transport to use for a scenario: this one, or for {@link #AUTO} epoll when the scenario holds
     * {@code manyConnections} (broadcast, idle) and io_uring (when available) otherwise.
     */
    public ClientTransport resolve(boolean manyConnections) {
        if (this != AUTO) {
            return this;
        }
        return manyConnections || !ioUringAvailable() ? EPOLL : IO_URING;
    }

    /** For the run's settings: the transport, or for {@link #AUTO} what it resolves to for each kind of scenario. */
    public String describe() {
        return this != AUTO ? id
                : "auto (echo: " + resolve(false).id + "; broadcast and idle: " + resolve(true).id + ")";
    }

    /**
     * Parses {@code auto} (see {@link #AUTO}), {@code io_uring} or {@code epoll}.
     *
     * @throws IllegalArgumentException for another name, or a transport this machine lacks
     */
    public static ClientTransport parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        ClientTransport t = switch (n) {
            case "auto" -> AUTO;
            case "io_uring", "iouring", "uring" -> IO_URING;
            case "epoll" -> EPOLL;
            default -> throw new IllegalArgumentException(
                    "client transport must be auto, io_uring or epoll, was '" + name + "'");
        };
        if (t != AUTO) {
            t.requireAvailable();
        }
        return t;
    }

    /** Throws {@link IllegalStateException} with the reason when this transport cannot run here. */
    void requireAvailable() {
        if (this == AUTO) {
            throw new IllegalStateException("resolve auto to a transport first");
        }
        if (this == IO_URING && !ioUringAvailable()) {
            throw new IllegalStateException("io_uring is not available: " + IoUring.unavailabilityCause());
        }
        if (this == EPOLL && !Epoll.isAvailable()) {
            throw new IllegalStateException("native epoll is not available", Epoll.unavailabilityCause());
        }
    }

    /**
     * The completion queue of each io_uring loop: room for a completion per connection of a 10,000-subscriber
     * broadcast on one loop. With Netty's default (4,096) the kernel overflowed it in the broadcasts and the
     * generator stalled for seconds (p50 7 s, deliveries missing) while its CPU sat at 15 %.
     */
    static final int IO_URING_COMPLETION_QUEUE = 32_768;

    IoHandlerFactory handlerFactory() {
        return this == IO_URING
                ? IoUringIoHandler.newFactory(new IoUringIoHandlerConfig().setCqSize(IO_URING_COMPLETION_QUEUE))
                : EpollIoHandler.newFactory();
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
