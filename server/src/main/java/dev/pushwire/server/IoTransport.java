package dev.pushwire.server;

import java.util.Locale;

/**
 * Which of Netty's socket transports the server's event loops use, chosen once at start ({@link
 * PushwireServer.Builder#ioTransport}) and logged with the address it listens on.
 *
 * <ul>
 *   <li>{@link #AUTO} (the default): {@link #IO_URING} when the kernel offers it, else {@link #EPOLL}, else
 *       {@link #NIO}.</li>
 *   <li>{@link #IO_URING}: Linux io_uring (kernel 5.14 or newer, not disabled by {@code kernel.io_uring_disabled}
 *       or a seccomp profile): one system call submits the reads and writes of many sockets.</li>
 *   <li>{@link #EPOLL}: Linux epoll, one system call per read or write.</li>
 *   <li>{@link #NIO}: the JDK's selector, on every platform.</li>
 * </ul>
 * A transport that was asked for but is not available here falls back along the same line (io_uring, epoll, NIO)
 * with a warning saying why; the server never refuses to start for it.
 */
public enum IoTransport {
    AUTO, IO_URING, EPOLL, NIO;

    /** The system property that overrides the builder's default ({@link #AUTO}), e.g. {@code -Dpushwire.ioTransport=epoll}. */
    public static final String PROPERTY = "pushwire.ioTransport";

    /**
     * Parses {@code auto}, {@code io_uring} (also {@code io-uring}, {@code iouring}), {@code epoll} or {@code nio},
     * in any case; throws {@link IllegalArgumentException} for anything else.
     */
    public static IoTransport parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (n) {
            case "auto" -> AUTO;
            case "io_uring", "iouring", "uring" -> IO_URING;
            case "epoll" -> EPOLL;
            case "nio" -> NIO;
            default -> throw new IllegalArgumentException(
                    "I/O transport must be auto, io_uring, epoll or nio, was '" + name + "'");
        };
    }

    /** The default: {@link #PROPERTY} when set, else {@link #AUTO}. */
    public static IoTransport defaultChoice() {
        String p = System.getProperty(PROPERTY);
        return p == null || p.isBlank() ? AUTO : parse(p);
    }

    /** The name used in settings and logs: {@code auto}, {@code io_uring}, {@code epoll}, {@code nio}. */
    public String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
