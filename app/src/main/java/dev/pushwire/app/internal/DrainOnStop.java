package dev.pushwire.app.internal;

import dev.pushwire.app.DemoServer;
import dev.pushwire.app.ServeSettings;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code pushwire serve} does on SIGTERM (its JVM shutdown hook) before stopping: drain over the drain period
 * (not ready, no new connections, the open ones closed in a spread with a reconnect-with-jitter notice), and wait
 * for it, at most the drain period plus the shutdown timeout. Stateless.
 */
final class DrainOnStop {
    private static final Logger log = LoggerFactory.getLogger(DrainOnStop.class);

    private DrainOnStop() {
    }

    /** Drains {@code server} and waits for the drain; never throws (the stop goes on regardless). */
    static void drain(DemoServer server, ServeSettings settings) {
        long waitMillis = settings.drainPeriod().plus(settings.shutdownTimeout()).toMillis() + 1000;
        try {
            server.drain().get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("drain did not finish cleanly ({}); stopping anyway", e.toString());
        }
    }
}
