package dev.pushwire.server.internal;

import dev.pushwire.core.CloseCode;
import dev.pushwire.core.Connection;
import dev.pushwire.core.cluster.NodeBus;
import dev.pushwire.server.internal.http.ForwardingMeters;
import dev.pushwire.server.internal.http.HttpSessionTransport;
import dev.pushwire.server.internal.security.Capacity;
import dev.pushwire.server.internal.security.SecurityChecks;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running server: event loops (io_uring, epoll or NIO, see {@link EventLoopTransport}), the bound server
 * channel, and every accepted channel (for the final close on stop). Thread safe: built and stopped by the
 * {@code PushwireServer} under its lock.
 */
public final class NettyServer {
    private static final Logger log = LoggerFactory.getLogger(NettyServer.class);

    private final ServerContext context;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ChannelGroup channels = new DefaultChannelGroup("pushwire", GlobalEventExecutor.INSTANCE);
    private final EventLoopTransport transport;
    private Channel serverChannel;

    private NettyServer(ServerContext context, EventLoopGroup boss, EventLoopGroup workers,
                        EventLoopTransport transport) {
        this.context = context;
        this.transport = transport;
        this.boss = boss;
        this.workers = workers;
    }

    /** Binds and returns the running server; throws {@link IllegalStateException} if binding fails. */
    public static NettyServer start(ServerSettings settings, Routes routes, ConnectionRegistry registry) {
        TlsSupport tls = settings.tlsCertificate() == null ? null
                : TlsSupport.load(settings.tlsCertificate(), settings.tlsPrivateKey());
        SecurityChecks security = new SecurityChecks(settings.allowedOrigins(), settings.abuseLimits(),
                settings.maxConnections(), settings.meterRegistry());
        NodeBus bus = settings.nodeBus();
        HttpSessionTransport sessions = bus == null
                ? new HttpSessionTransport(settings.http(), security, tls != null, settings.limits(), registry,
                        settings.decider())
                : new HttpSessionTransport(settings.http(), security, tls != null, settings.limits(), registry,
                        settings.decider(), bus);
        if (bus != null) {
            bus.start(sessions.forwarding());  // the default, single-node bus is never started: nothing to reach
            if (settings.meterRegistry() != null) {
                ForwardingMeters.bind(settings.meterRegistry(), sessions.forwarding());
            }
        }
        ServerContext context = new ServerContext(settings, routes, registry, sessions, tls, security);
        EventLoopTransport transport = EventLoopTransport.resolve(settings.ioTransport());
        if (transport.fellBack()) {
            log.warn("I/O transport {} is not available here, using {}: {}", transport.requested().settingName(),
                    transport.used().settingName(), String.join("; ", transport.skipped()));
        }
        IoHandlerFactory io = transport.ioHandlerFactory();
        Class<? extends ServerChannel> channelType = transport.serverChannelClass();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("pushwire-accept"), io);
        int ioThreads = settings.ioThreads() > 0 ? settings.ioThreads() : Runtime.getRuntime().availableProcessors();
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(ioThreads,
                new DefaultThreadFactory("pushwire-io"), io);
        NettyServer server = new NettyServer(context, boss, workers, transport);
        try {
            ServerBootstrap b = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childHandler(new ServerChannelInitializer(context, server));
            server.serverChannel = b.bind(new InetSocketAddress(settings.host(), settings.port())).sync().channel();
        } catch (Exception e) {
            boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("could not bind " + settings.host() + ":" + settings.port() + ": "
                    + e.getMessage(), e);
        }
        log.info("Pushwire listening on {}://{}:{} ({})", tls != null ? "https" : "http", settings.host(),
                server.port(), transport.describe());
        if (!transport.skipped().isEmpty() && !transport.fellBack()) {
            log.info("I/O transport {} chosen over: {}", transport.used().settingName(),
                    String.join("; ", transport.skipped()));
        }
        if (settings.maxConnectionsFromFdLimit()) {
            log.info("maxConnections {}: the file-descriptor limit ({}) less a reserve; set maxConnections to change"
                    + " it", settings.maxConnections(), Capacity.fileDescriptorLimit());
        }
        for (String line : security.describe()) {
            log.info(line);
        }
        return server;
    }

    /** The bound port. */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The socket transport in use. */
    public EventLoopTransport transport() {
        return transport;
    }

    /** The event loops serving connections (e.g. for a lag probe). */
    public EventLoopGroup eventLoops() {
        return workers;
    }

    /** The shared state of this server's handlers. */
    public ServerContext context() {
        return context;
    }

    void track(Channel ch) {
        channels.add(ch);
    }

    /** Graceful stop; see {@code PushwireServer.stop()}. Blocks; not for an event loop. */
    public void stop() {
        for (io.netty.util.concurrent.EventExecutor e : workers) {
            if (e.inEventLoop()) {
                throw new IllegalStateException("stop() blocks; call it from your own thread, not from a handler");
            }
        }
        context.markStopping();
        serverChannel.close().awaitUninterruptibly();
        List<Connection> open = new ArrayList<>(context.registry().view());
        for (Connection c : open) {
            try {
                c.close(CloseCode.GOING_AWAY.code(), "server shutting down");
            } catch (RuntimeException e) {
                log.debug("closing {} failed", c.id(), e);
            }
        }
        boolean clean;
        try {
            clean = context.registry().awaitEmpty(context.settings().shutdownTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clean = false;
        }
        if (!clean) {
            log.info("{} connections did not finish closing within {}; dropping them",
                    context.registry().view().size(), context.settings().shutdownTimeout());
        }
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        log.info("Pushwire on port {} stopped", port());
    }
}
