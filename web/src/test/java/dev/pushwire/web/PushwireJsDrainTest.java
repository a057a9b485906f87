package dev.pushwire.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * pushwire.js and a draining server in headless Chromium: after the server's 1001 "server draining; reconnect within
 * N ms" the page reconnects at a random moment of those N ms (here pinned to its end by fixing Math.random), not on
 * its usual backoff; {@code drainDelay} draws uniformly from the window and ignores other reasons.
 */
class PushwireJsDrainTest extends HarnessOnTestServer {
    @Test
    void drainDelayIsAUniformMomentOfTheNoticesWindow() {
        @SuppressWarnings("unchecked")
        List<Number> draws = (List<Number>) page.eval("import('/pushwire.js').then((m) => Array.from({length: 1000},"
                + " () => m.drainDelay('server draining; reconnect within 4000 ms')))");
        assertThat(draws).allSatisfy(d -> assertThat(d.longValue()).isBetween(0L, 4000L));
        assertThat(draws.stream().mapToLong(Number::longValue).min().orElseThrow()).isLessThan(400);
        assertThat(draws.stream().mapToLong(Number::longValue).max().orElseThrow()).isGreaterThan(3600);
        assertThat(page.eval("import('/pushwire.js').then((m) => m.drainDelay('server shutting down'))")).isNull();
    }

    @Test
    void aDrainedPageReconnectsWithinTheNoticesWindowNotOnItsBackoff() throws Exception {
        page.start("/echo", "{transports: ['websocket'], initialBackoff: 100, maxBackoff: 200}");
        page.await("open", "pw.log.includes('open')", Duration.ofSeconds(20));
        page.eval("(() => { Math.random = () => 0.999;"
                + " pw.socket.addEventListener('disconnect', () => { pw.disconnectedAt = performance.now(); });"
                + " pw.socket.addEventListener('reconnect', () => { pw.reconnectedAt = performance.now(); }); })()");

        server.drain(Duration.ofSeconds(4)).get(20, TimeUnit.SECONDS);
        page.await("the drain's close", "pw.disconnectedAt !== undefined", Duration.ofSeconds(20));
        assertThat(page.log()).contains("disconnect 1001");
        server.stop();
        server.startAgain();
        page.await("the reconnect", "pw.reconnectedAt !== undefined", Duration.ofSeconds(30));

        double waited = ((Number) page.eval("pw.reconnectedAt - pw.disconnectedAt")).doubleValue();
        // the notice's window is 4,000 ms and the draw is pinned near its end; the backoff would be 100-200 ms
        assertThat(waited).isGreaterThanOrEqualTo(3_900);
        page.await("an echo after the reconnect", "(pw.socket.send('after'), pw.received.includes('after'))",
                Duration.ofSeconds(20));
    }
}
