package dev.pushwire.server.internal.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;

/** The answer goes to the client's connection on this node. Netty keeps the order of writes from any thread. */
final class ChannelTarget implements ResponseTarget {
    private final Channel channel;

    ChannelTarget(Channel channel) {
        this.channel = channel;
    }

    Channel channel() {
        return channel;
    }

    @Override
    public io.netty.buffer.ByteBufAllocator alloc() {
        return channel.alloc();
    }

    /** The HTTP/1.1 codec's context (chunks written there skip the encoder), or null without one. */
    @Override
    public ChannelHandlerContext rawChunks() {
        return channel.pipeline().context(HttpServerCodec.class);
    }

    @Override
    public boolean isActive() {
        return channel.isActive();
    }

    @Override
    public void write(HttpObject msg) {
        if (!channel.isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        channel.write(msg);
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public void writeAndFlush(HttpObject msg) {
        if (!channel.isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        channel.writeAndFlush(msg);
    }

    @Override
    public void writeAndClose(HttpObject msg) {
        if (!channel.isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        channel.writeAndFlush(msg).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public Runnable onGone(Runnable task) {
        GenericFutureListener<Future<? super Void>> gone = f -> task.run();
        channel.closeFuture().addListener(gone);
        return () -> channel.closeFuture().removeListener(gone);
    }
}
