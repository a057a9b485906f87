package dev.pushwire.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.Connection;
import dev.pushwire.core.ConnectionListener;
import dev.pushwire.core.Message;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test double that records every event of a connection in order, so a test takes them one by one with typed
 * asserts ({@link #nextMessage}, {@link #nextClose}, ...) and ends with {@link #assertExhausted()}.
 */
final class Recorder implements ConnectionListener {
    record Open() {
    }

    record Ping(byte[] payload) {
    }

    record Pong(byte[] payload) {
    }

    record Error(Throwable error) {
    }

    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    static Recorder of(Connection connection) {
        Recorder r = new Recorder();
        connection.addListener(r);
        return r;
    }

    @Override
    public void onOpen(Connection connection) {
        events.add(new Open());
    }

    @Override
    public void onMessage(Connection connection, Message message) {
        events.add(message);
    }

    @Override
    public void onPing(Connection connection, byte[] payload) {
        events.add(new Ping(payload));
    }

    @Override
    public void onPong(Connection connection, byte[] payload) {
        events.add(new Pong(payload));
    }

    @Override
    public void onError(Connection connection, Throwable error) {
        events.add(new Error(error));
    }

    @Override
    public void onClose(Connection connection, CloseEvent event) {
        events.add(event);
    }

    /** The next event, whatever it is; fails after {@code timeout}. */
    Object next(Duration timeout) {
        try {
            Object e = events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no event within " + timeout);
            }
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next event, which must be of {@code type}; open events before it are skipped. */
    <T> T next(Class<T> type, Duration timeout) {
        Object e = next(timeout);
        while (e instanceof Open && type != Open.class) {
            e = next(timeout);
        }
        assertThat(e).as("next event").isInstanceOf(type);
        return type.cast(e);
    }

    Message nextMessage(Duration timeout) {
        return next(Message.class, timeout);
    }

    /** The next message, skipping the server's heartbeat pings (answered by the engine) that come before it. */
    Message nextMessageAfterPings(Duration timeout) {
        Object e = next(timeout);
        while (e instanceof Ping || e instanceof Open) {
            e = next(timeout);
        }
        assertThat(e).as("next event").isInstanceOf(Message.class);
        return (Message) e;
    }

    CloseEvent nextClose(Duration timeout) {
        return next(CloseEvent.class, timeout);
    }

    Throwable nextError(Duration timeout) {
        return next(Error.class, timeout).error();
    }

    byte[] nextPong(Duration timeout) {
        return next(Pong.class, timeout).payload();
    }

    byte[] nextPing(Duration timeout) {
        return next(Ping.class, timeout).payload();
    }

    /** Fails if any event is left. */
    void assertExhausted() {
        assertThat(events).as("events left over").isEmpty();
    }
}
