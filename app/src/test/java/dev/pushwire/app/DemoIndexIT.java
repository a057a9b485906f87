package dev.pushwire.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.testkit.Chromium;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The demo index of {@code pushwire serve} in real headless Chromium: its echo box round-trips through /echo. */
class DemoIndexIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void echoBoxOnTheIndexSendsThroughEchoAndShowsTheReply() {
        try (Chromium.Tab tab = Chromium.open(); PushwireServeProcess server = PushwireServeProcess.start()) {
            tab.navigate(server.http("/"));
            assertThat(tab.page().title()).isEqualTo("Pushwire demo");
            tab.await("the echo socket to open", TIMEOUT, () -> "open".equals(tab.text("#echo-state")));

            tab.page().fill("#echo-input", "ping from the index ✓");
            tab.page().click("button[type=submit]");
            tab.await("the echo in the log", TIMEOUT,
                    () -> tab.page().locator("#echo-log li.in").count() == 1);

            assertThat(tab.page().locator("#echo-log li.out").textContent()).isEqualTo("→ ping from the index ✓");
            assertThat(tab.page().locator("#echo-log li.in").textContent()).isEqualTo("← ping from the index ✓");
            tab.screenshot("demo-index");
        }
    }
}
