package dev.pushwire.app.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ConsoleLoggingTest {
    @Test
    void logbackFindsItAsTheCommandLinesConfiguration() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE"))
                .isInstanceOf(ConsoleAppender.class);
        assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.lettuce.core.protocol.ConnectionWatchdog").getLevel()).isEqualTo(Level.ERROR);
    }

    @Test
    void levelAndTargetFollowTheSystemProperties() {
        System.setProperty("pushwire.log.level", "WARN");
        System.setProperty("pushwire.log.target", "System.err");
        try {
            LoggerContext context = new LoggerContext();
            ConsoleLogging logging = new ConsoleLogging();
            logging.setContext(context);
            assertThat(logging.configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
            ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            assertThat(root.getLevel()).isEqualTo(Level.WARN);
            assertThat(((ConsoleAppender<?>) root.getAppender("CONSOLE")).getTarget()).isEqualTo("System.err");
            context.stop();
        } finally {
            System.clearProperty("pushwire.log.level");
            System.clearProperty("pushwire.log.target");
        }
    }
}
