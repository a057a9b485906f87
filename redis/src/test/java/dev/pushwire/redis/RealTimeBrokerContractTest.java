package dev.pushwire.redis;

import dev.pushwire.core.hub.BrokerContractTest;
import java.time.Duration;

/** The broker contract for brokers on a real redis-server: Redis keeps its own time, so history ages pass for real. */
abstract class RealTimeBrokerContractTest extends BrokerContractTest {

    /** Waits {@code d} for real: Redis's clock, not the test's, ages the history. */
    @Override
    protected void elapse(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
