package dev.pushwire.server.internal;

import dev.pushwire.server.IoTransport;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The transport a server runs on, resolved from an {@link IoTransport} choice: the first available of the choice
 * and what follows it (io_uring, epoll, NIO), with the reasons the ones before it were passed over. Immutable.
 *
 * @param used      the transport in use (never {@link IoTransport#AUTO})
 * @param requested what the settings asked for
 * @param skipped   why each transport before {@code used} was not taken (empty when the first one was)
 */
public record EventLoopTransport(IoTransport used, IoTransport requested, List<String> skipped) {

    /** Resolves {@code requested}; probing a native transport loads its library once per process. */
    public static EventLoopTransport resolve(IoTransport requested) {
        List<String> skipped = new ArrayList<>();
        IoTransport first = requested == IoTransport.AUTO ? IoTransport.IO_URING : requested;
        if (first == IoTransport.IO_URING) {
            if (ioUringAvailable(skipped)) {
                return new EventLoopTransport(IoTransport.IO_URING, requested, skipped);
            }
            first = IoTransport.EPOLL;
        }
        if (first == IoTransport.EPOLL) {
            if (Epoll.isAvailable()) {
                return new EventLoopTransport(IoTransport.EPOLL, requested, skipped);
            }
            skipped.add("epoll: " + Epoll.unavailabilityCause());
        }
        return new EventLoopTransport(IoTransport.NIO, requested, skipped);
    }

    private static boolean ioUringAvailable(List<String> skipped) {
        try {
            if (IoUring.isAvailable()) {
                return true;
            }
            skipped.add("io_uring: " + IoUring.unavailabilityCause());
        } catch (LinkageError e) { // the io_uring jars left out of an application's class path
            skipped.add("io_uring: " + e);
        }
        return false;
    }

    /** Whether a transport that was asked for by name was not available (worth a warning). */
    public boolean fellBack() {
        return requested != IoTransport.AUTO && requested != used;
    }

    /** The event-loop handlers of {@link #used}. */
    public IoHandlerFactory ioHandlerFactory() {
        return switch (used) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            default -> NioIoHandler.newFactory();
        };
    }

    /** The listening channel class of {@link #used}. */
    public Class<? extends ServerChannel> serverChannelClass() {
        return switch (used) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            default -> NioServerSocketChannel.class;
        };
    }

    /** For the start-up log line, e.g. {@code io_uring} or {@code epoll (asked for io_uring)}. */
    public String describe() {
        String name = used.settingName();
        return requested == IoTransport.AUTO || requested == used ? name
                : name + " (asked for " + requested.settingName() + ")";
    }
}
