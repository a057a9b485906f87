package dev.pushwire.server.internal.http;

import io.netty.buffer.ByteBufAllocator;
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
