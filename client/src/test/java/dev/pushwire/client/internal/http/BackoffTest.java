package dev.pushwire.client.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysGrowExponentiallyUpToTheCapWithFullJitter() {
        Backoff b = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(5), new Random(1));
        long[] caps = {50, 100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000};
        for (long cap : caps) {
            assertThat(b.nextDelayMillis()).isBetween(0L, cap);
        }
        assertThat(b.failures()).isEqualTo(10);
    }

    @Test
    void jitterSpreadsClientsThatFailedTogether() {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int seed = 0; seed < 50; seed++) {
            Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), new Random(seed));
            b.nextDelayMillis();
            b.nextDelayMillis();
            long third = b.nextDelayMillis(); // cap 400 ms
            min = Math.min(min, third);
            max = Math.max(max, third);
        }
        assertThat(max - min).as("spread of the third delay over 50 clients").isGreaterThan(200);
    }

    @Test
    void resetStartsFromTheInitialDelayAgain() {
        Backoff b = new Backoff(Duration.ofMillis(10), Duration.ofSeconds(10), new Random(3));
        for (int i = 0; i < 20; i++) {
            b.nextDelayMillis();
        }
        b.reset();
        assertThat(b.failures()).isZero();
        assertThat(b.nextDelayMillis()).isBetween(0L, 10L);
    }

    @Test
    void neverOverflowsAfterManyFailures() {
        Backoff b = new Backoff(Duration.ofMillis(1), Duration.ofSeconds(30), new Random(4));
        for (int i = 0; i < 200; i++) {
            assertThat(b.nextDelayMillis()).isBetween(0L, 30_000L);
        }
    }
}
