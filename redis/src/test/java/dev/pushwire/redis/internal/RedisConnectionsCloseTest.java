package dev.pushwire.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import dev.pushwire.redis.RedisOptions;
import dev.pushwire.testkit.NettyLeakCheck;
import dev.pushwire.testkit.RedisServer;
import io.lettuce.core.event.connection.ReconnectAttemptEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Releasing a node's Redis connections while Lettuce is reconnecting to a Redis that died: no reconnect attempt may
 * reach Lettuce's I/O threads as they stop. One that does either finds them stopped (Netty logs the rejected task)
 * or, a little earlier, registers a channel after they closed theirs, and that channel's read buffer is never
 * released (CI saw it as a Netty leak report in a Spring Boot test).
 */
class RedisConnectionsCloseTest {
    private static final int ROUNDS = 20;
    /** Shards on one Redis (one database each): 2 connections each, so many reconnect attempts overlap. */
    private static final int SHARDS = 8;

    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    /** What was logged with a RejectedExecutionException: a task handed to a stopped thread. */
    private final List<String> rejected = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> recorder = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent e) {
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                if (t.getClassName().equals(RejectedExecutionException.class.getName())) {
                    rejected.add(e.getLoggerName() + ": " + e.getFormattedMessage());
                    return;
                }
            }
        }
    };

    @BeforeEach
    void recordRejections() {
        recorder.start();
        root.addAppender(recorder);
    }

    @AfterEach
    void stopRecording() {
        root.detachAppender(recorder);
    }

    @Test
    void noReconnectAttemptReachesTheStoppingIoThreadsAndNoBufferLeaks() throws Exception {
        int leaksBefore = NettyLeakCheck.leaks().size();
        try (RedisServer redis = RedisServer.start()) {
            for (int round = 0; round < ROUNDS; round++) {
                String uris = IntStream.range(0, SHARDS).mapToObj(db -> redis.uri() + "/" + db)
                        .collect(Collectors.joining(","));
                RedisConnections connections = RedisConnections.open(RedisOptions.parse(uris));
                // round r releases at the (r % 4 + 1)th attempt: early attempts and later ones, after longer delays
                CountDownLatch attempting = new CountDownLatch(round % 4 + 1);
                connections.lettuceEvents().subscribe(e -> {
                    if (e instanceof ReconnectAttemptEvent) {
                        attempting.countDown();
                    }
                });
                redis.kill();
                assertThat(attempting.await(10, TimeUnit.SECONDS)).as("reconnect attempts began").isTrue();

                connections.release();
                await().atMost(Duration.ofSeconds(10)).until(connections::isTerminated);
                redis.restart();
            }
        }
        assertThat(rejected).as("tasks handed to Lettuce's stopped threads").isEmpty();
        NettyLeakCheck.collectAndReport();
        List<String> leaks = NettyLeakCheck.leaks();
        assertThat(leaks.subList(leaksBefore, leaks.size())).isEmpty();
    }
}
