package dev.pushwire.app.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The command line's logging, set up in code (found by logback through {@code META-INF/services}) rather than from
 * a {@code logback.xml}: reading XML would load the JDK's XML parser and logback's Joran, some 500 classes, into
 * every command. One console appender, {@code HH:mm:ss.SSS LEVEL logger - message}; to stdout, or to the stream the
 * system property {@code pushwire.log.target} names ({@code System.err}); the root level from
 * {@code pushwire.log.level} (default INFO); Netty and Lettuce at WARN, Lettuce's reconnect watchdog at ERROR.
 * With {@code -Dlogback.configurationFile=...} logback reads that file instead, as usual.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class ConsoleLogging extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setTarget(System.getProperty("pushwire.log.target", "System.out"));
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty("pushwire.log.level", "INFO"), Level.INFO));
        root.addAppender(console);
        context.getLogger("io.netty").setLevel(Level.WARN);
        // Lettuce logs every reconnect attempt; the broker logs a lost and a restored Redis connection once each
        context.getLogger("io.lettuce").setLevel(Level.WARN);
        context.getLogger("io.lettuce.core.protocol.ConnectionWatchdog").setLevel(Level.ERROR);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
