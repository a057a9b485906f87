package dev.pushwire.client;

import java.net.URI;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A real WebSocket echo server that a client test talks to: the Node {@code ws} one ({@code echo-server.js}) or
 * Pushwire's own. Both understand the same text commands ({@code !close CODE REASON}, {@code !terminate},
 * {@code !ping PAYLOAD}, {@code !protocol}, {@code !send-text N}, {@code !send-binary N}) and report what they saw as
 * lines ({@code open PATH PROTOCOL}, {@code closed CODE REASON}, {@code ping PAYLOAD}, {@code pong PAYLOAD}).
 */
interface EchoPeer extends AutoCloseable {
    /** {@code ws://127.0.0.1:PORT/path}. */
    URI uri(String path);

    /** The first report line, not returned before, that matches. */
    String awaitLine(Predicate<String> matcher, Duration timeout);

    default String awaitLineStartingWith(String prefix, Duration timeout) {
        return awaitLine(l -> l.startsWith(prefix), timeout);
    }

    @Override
    void close();
}
