package dev.pushwire.client.internal;

import dev.pushwire.client.ClientOptions;
import dev.pushwire.client.ConnectFailedException;
import dev.pushwire.client.ConnectFailedException.Reason;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket connection attempt, up to the open: resolves the host off the event loop ({@link HostResolver}),
 * connects within the connect timeout (resolving included), adds TLS for {@code wss://}, and runs the upgrade
 * ({@link UpgradeHandler} with a {@link ClientHandshaker}). Reports to its {@link Attempt} exactly one of
 * {@link Attempt#upgraded} or {@link Attempt#failed} (after {@link Attempt#connected} when TCP opened), unless the
 * attempt stopped being wanted, in which case whatever it opened is closed.
 *
 * <p>Event-loop confined: {@link #dial} and every callback run on {@code loop}.
 */
public final class WebSocketDialer {

    /** The owner of an attempt; every method is called on the event loop. */
    public interface Attempt {
        /** False once the owner gave up on this attempt (closed, or fell back to another transport). */
        boolean stillWanted();

        /** TCP is open (the upgrade is under way on {@code channel}). */
        void connected(Channel channel);

        /** The upgrade succeeded; the owner installs the engine on {@code ctx}'s pipeline. */
        void upgraded(ChannelHandlerContext ctx, ClientHandshaker handshaker);

        /** The attempt failed. */
        void failed(ConnectFailedException error);
    }

    private final URI uri;
    private final String host;
    private final int port;
    private final boolean tls;
    private final ClientOptions options;
    private final HttpHeaders headers;
    private final EventLoop loop;
    private final Attempt attempt;
    /** Event-loop confined: true once TCP is open or the attempt ended. */
    private boolean settled;

    private WebSocketDialer(URI uri, String host, int port, ClientOptions options, HttpHeaders headers,
                            EventLoop loop, Attempt attempt) {
        this.uri = uri;
        this.host = host;
        this.port = port;
        this.tls = uri.getScheme().equals("wss");
        this.options = options;
        this.headers = headers;
        this.loop = loop;
        this.attempt = attempt;
    }

    /** Starts an attempt to {@code host:port} for {@code uri} (ws or wss); call on {@code loop}. */
    public static void dial(URI uri, String host, int port, ClientOptions options, HttpHeaders headers,
                            EventLoop loop, Attempt attempt) {
        new WebSocketDialer(uri, host, port, options, headers, loop, attempt).start();
    }

    private void start() {
        ClientHandshaker handshaker = new ClientHandshaker(uri, options.subprotocols(), headers, options.limits(),
                options.deflate());
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(ClientEventLoops.channelClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        options.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (tls) {
                            p.addLast("tls", ClientTls.context(options.trustedCertificates(), options.verifyHostname())
                                    .newHandler(ch.alloc(), host, port));
                        }
                        p.addLast("http", new HttpClientCodec());
                        p.addLast("upgrade", new UpgradeHandler(handshaker, uri, options.handshakeTimeout(),
                                options.maxRejectionBodyBytes(), new Outcome(handshaker)));
                    }
                });
        // One deadline for resolving and connecting (Netty's CONNECT_TIMEOUT_MILLIS only covers the TCP connect).
        ScheduledFuture<?> deadline = loop.schedule(() -> fail(new ConnectFailedException(Reason.CONNECT_TIMEOUT,
                        where() + ": not connected within " + options.connectTimeout() + " (connectTimeout)", null)),
                options.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
        HostResolver.resolve(host).whenComplete((address, error) -> loop.execute(() -> {
            if (settled || !attempt.stillWanted()) {
                deadline.cancel(false);
                return; // timed out, aborted or fell back while resolving
            }
            if (error != null) {
                deadline.cancel(false);
                fail(translate(error instanceof CompletionException ? error.getCause() : error));
                return;
            }
            bootstrap.connect(new InetSocketAddress(address, port)).addListener(f -> {
                deadline.cancel(false);
                Channel ch = ((ChannelFuture) f).channel();
                if (!f.isSuccess()) {
                    fail(translate(f.cause()));
                } else if (settled || !attempt.stillWanted()) {
                    ch.close(); // timed out, aborted or fell back while the TCP connect was under way
                } else {
                    settled = true;
                    attempt.connected(ch);
                }
            });
        }));
    }

    private void fail(ConnectFailedException error) {
        if (!settled) {
            settled = true;
            if (attempt.stillWanted()) {
                attempt.failed(error);
            }
        }
    }

    private String where() {
        return uri + " (" + host + ":" + port + ")";
    }

    private ConnectFailedException translate(Throwable cause) {
        if (cause instanceof ConnectTimeoutException) {
            return new ConnectFailedException(Reason.CONNECT_TIMEOUT, where() + ": not connected within "
                    + options.connectTimeout() + " (connectTimeout)", cause);
        }
        if (cause instanceof UnknownHostException) {
            return new ConnectFailedException(Reason.UNKNOWN_HOST, where() + ": unknown host " + host, cause);
        }
        if (cause instanceof java.net.ConnectException) {
            return new ConnectFailedException(Reason.REFUSED, where() + ": connection refused; is the server running?",
                    cause);
        }
        return new ConnectFailedException(Reason.IO, where() + ": cannot connect: " + cause, cause);
    }

    /** Told by the {@link UpgradeHandler}, after TCP opened; on the event loop. */
    private final class Outcome implements UpgradeHandler.Outcome {
        private final ClientHandshaker handshaker;

        Outcome(ClientHandshaker handshaker) {
            this.handshaker = handshaker;
        }

        @Override
        public void upgraded(ChannelHandlerContext ctx, FullHttpResponse response) {
            if (attempt.stillWanted()) {
                attempt.upgraded(ctx, handshaker);
            } else {
                ctx.channel().close(); // aborted or fell back during the handshake
            }
        }

        @Override
        public void failed(ConnectFailedException error) {
            if (attempt.stillWanted()) {
                attempt.failed(error);
            }
        }
    }
}
