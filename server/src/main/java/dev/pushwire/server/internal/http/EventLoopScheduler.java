package dev.pushwire.server.internal.http;

import dev.pushwire.core.internal.session.SessionScheduler;
import io.netty.channel.EventLoop;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** A session's scheduler: the Netty event loop of the channel that opened it. Thread-safe. */
final class EventLoopScheduler implements SessionScheduler {
    private final EventLoop loop;

    EventLoopScheduler(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public long nowMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    @Override
    public boolean inThread() {
        return loop.inEventLoop();
    }

    @Override
    public Object thread() {
        return loop;
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        Future<?> f = loop.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }
}
