package dev.pushwire.server.internal.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpObject;

/**
 * Where the answer to one HTTP request of the session protocol goes: the client's own connection on this node
 * ({@link ChannelTarget}), or the bus back to the node that received the request ({@code ForwardedTarget}). The
 * messages are Netty's HTTP objects; the target owns them once written.
 */
interface ResponseTarget {
    /** Where the buffers of what is written come from. */
    default ByteBufAllocator alloc() {
        return ByteBufAllocator.DEFAULT;
    }

    /**
     * Where the pre-framed HTTP/1.1 chunks of a streamed answer (an SSE stream whose head declared chunked encoding)
     * can be written past Netty's HTTP encoder, which would frame each one in three buffers: the context of the
     * connection's HTTP/1.1 codec, or null when chunks must go as {@link io.netty.handler.codec.http.HttpContent}
     * (a forwarded answer). Writes and flushes on the context keep their order with those on the target, from any
     * thread (Netty queues them on the connection's event loop in call order).
     */
    default ChannelHandlerContext rawChunks() {
        return null;
    }

    /** Whether the client may still get what is written. */
    boolean isActive();

    /** Queues {@code msg}; it leaves with the next flush. */
    void write(HttpObject msg);

    /** Sends what was written. */
    void flush();

    /** Writes {@code msg} and flushes. */
    default void writeAndFlush(HttpObject msg) {
        write(msg);
        flush();
    }

    /** Writes {@code msg}, flushes, then closes the client's connection. */
    void writeAndClose(HttpObject msg);

    /** Closes the client's connection without (more of) an answer. */
    void close();

    /**
     * Runs {@code task} once when the client's connection goes away, whoever closes it.
     *
     * @return undoes the registration (for an answer that completed and no longer cares)
     */
    Runnable onGone(Runnable task);
}
