package dev.pushwire.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.pushwire.testkit.Chromium;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo pages of this module (live.html, chat.html) in headless Chromium against a real PushwireServer: they work,
 * log no errors, and are saved as screenshots at desktop and phone widths under target/screenshots/ for a look.
 */
class DemoPagesTest {
    private TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static void awaitJs(Chromium.Tab tab, String what, String expression) {
        tab.await(what, Duration.ofSeconds(20), () -> Boolean.TRUE.equals(tab.page().evaluate("() => " + expression)));
    }

    private static List<String> errors(Chromium.Tab tab) {
        return tab.console().stream()
                .filter(line -> line.startsWith("pageerror") || line.contains("Failed to load resource")
                        || line.toLowerCase().contains("uncaught"))
                .toList();
    }

    @Test
    void liveSeedPageShowsTheTickerArrivingFourWays() {
        try (Chromium.Tab tab = Chromium.open()) {
            tab.page().setViewportSize(1280, 800);
            tab.navigate(server.url("/live.html"));
            awaitJs(tab, "ticks in all four panels", "['polling', 'longpolling', 'sse', 'websocket']"
                    + ".every((n) => Number(document.body.dataset[n] || 0) >= 3)");

            for (String panel : List.of("polling", "longpolling", "sse", "websocket")) {
                assertThat(tab.text("#" + panel + " .tick")).as(panel).matches("#\\d+");
                assertThat(tab.text("#" + panel + " .latency")).as(panel).matches("\\d+ ms");
                assertThat(Integer.parseInt(tab.text("#" + panel + " .requests"))).as(panel).isPositive();
            }
            // Polling asks once a second whatever happens; the pushed transports make one request for many ticks.
            assertThat(Integer.parseInt(tab.text("#websocket .requests"))).isEqualTo(1);
            assertThat(errors(tab)).isEmpty();
            tab.screenshot("live-desktop");
            tab.page().setViewportSize(390, 844);
            tab.screenshot("live-phone");
        }
    }

    @Test
    void chatDeliversMessagesAndShowsWhoIsHere() {
        try (Chromium.Tab alice = Chromium.open(); Chromium.Tab bob = Chromium.open()) {
            alice.page().setViewportSize(1280, 800);
            bob.page().setViewportSize(390, 844);
            alice.navigate(server.url("/chat.html"));
            alice.page().fill("#name", "Alice");
            alice.page().dispatchEvent("#name", "change");
            bob.navigate(server.url("/chat.html"));
            bob.page().fill("#name", "Bob");
            bob.page().dispatchEvent("#name", "change");
            awaitJs(alice, "two people", "document.body.dataset.people === '2'");
            awaitJs(bob, "two people", "document.body.dataset.people === '2'");

            alice.page().fill("#text", "hello from Alice");
            alice.page().press("#text", "Enter");
            awaitJs(bob, "Alice's message", "document.querySelector('#messages').textContent.includes('hello from Alice')");
            bob.page().fill("#text", "hi Alice, Bob here");
            bob.page().press("#text", "Enter");
            awaitJs(alice, "Bob's message", "document.querySelector('#messages').textContent.includes('hi Alice, Bob here')");

            assertThat(alice.text("#people")).contains("Alice (you)").contains("Bob");
            assertThat(alice.text("#state")).startsWith("connected over websocket");
            assertThat(errors(alice)).isEmpty();
            assertThat(errors(bob)).isEmpty();
            alice.screenshot("chat-desktop");
            bob.screenshot("chat-phone");
        }
    }

    @Test
    void chatPageReconnectsAfterAServerRestartAndKeepsChatting() {
        try (Chromium.Tab tab = Chromium.open()) {
            tab.navigate(server.url("/chat.html"));
            Page page = tab.page();
            awaitJs(tab, "connected", "document.querySelector('#state').textContent.startsWith('connected')");
            page.fill("#text", "before the restart");
            page.press("#text", "Enter");
            awaitJs(tab, "own message", "document.querySelector('#messages').textContent.includes('before the restart')");

            server.stop();
            awaitJs(tab, "reconnecting", "document.querySelector('#state').textContent.startsWith('reconnecting')");
            server.startAgain();
            awaitJs(tab, "connected again", "document.querySelector('#state').textContent.startsWith('connected')");
            page.fill("#text", "after the restart");
            page.press("#text", "Enter");
            awaitJs(tab, "message after restart",
                    "document.querySelector('#messages').textContent.includes('after the restart')");
            assertThat(tab.text("#messages")).containsOnlyOnce("before the restart");
        }
    }
}
