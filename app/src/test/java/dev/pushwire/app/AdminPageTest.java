package dev.pushwire.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.client.HubClient;
import dev.pushwire.core.hub.ClientInfo;
import dev.pushwire.core.hub.Publication;
import dev.pushwire.testkit.Chromium;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin page in real headless Chromium against {@code pushwire serve}'s server with an admin password: a person
 * logs in, sees a Java hub client's connection appear, publishes to its channel from the console (the client gets
 * it), disconnects it; the page is saved at desktop and phone widths and checked for layout errors (nothing wider
 * than the viewport) and console errors.
 */
class AdminPageTest {
    private static final String PASSWORD = "correct horse battery";
    private DemoServer server;

    @BeforeEach
    void start() {
        Chromium.open().close(); // fail (CI) or skip early when Chromium is missing
        server = DemoServer.start(ServeSettings.builder().host("127.0.0.1").port(0).adminPassword(PASSWORD).build());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private static void awaitJs(Chromium.Tab tab, String what, String expression) {
        tab.await(what, Duration.ofSeconds(30), () -> Boolean.TRUE.equals(tab.page().evaluate("() => " + expression)));
    }

    /** Console errors from line {@code from} on (the refused login before it logs its 401s, as it should). */
    private static List<String> errors(Chromium.Tab tab, int from) {
        return tab.console().stream().skip(from)
                .filter(line -> line.startsWith("pageerror") || line.contains("Failed to load resource")
                        || line.toLowerCase().contains("uncaught") || line.toLowerCase().contains("error"))
                .toList();
    }

    /** Whether anything is wider than the viewport: the page scrolls sideways. */
    private static boolean overflows(Chromium.Tab tab) {
        return Boolean.TRUE.equals(tab.page().evaluate(
                "() => document.documentElement.scrollWidth > window.innerWidth + 1"));
    }

    @Test
    void logInSeeAConnectionPublishFromTheConsoleAndDisconnectIt() throws Exception {
        List<Publication> received = new CopyOnWriteArrayList<>();
        try (Chromium.Tab tab = Chromium.open();
             HubClient client = HubClient.connect("ws://127.0.0.1:" + server.port() + "/pushwire")) {
            ClientInfo me = client.connected().get(20, TimeUnit.SECONDS);
            client.channel("news").subscribe(received::add).get(20, TimeUnit.SECONDS);

            tab.page().setViewportSize(1280, 900);
            tab.navigate(url("/admin"));
            tab.page().fill("#password", "wrong password");
            tab.page().click("#login-form button");
            awaitJs(tab, "a refused login", "document.querySelector('#login-error').textContent.includes('admin')");
            tab.page().fill("#password", PASSWORD);
            tab.page().click("#login-form button");
            awaitJs(tab, "the dashboard", "document.body.dataset.state === 'dashboard'");
            int afterLogin = tab.console().size();
            awaitJs(tab, "one connection", "document.querySelector('#connections').textContent === '1'");
            awaitJs(tab, "the news channel listed", "document.querySelector('#channels').textContent.includes('news')");

            tab.page().fill("#search", me.clientId());
            tab.page().click("#search-form button");
            awaitJs(tab, "the client's row", "!!document.querySelector('#found tr[data-id=\"" + me.clientId() + "\"]')");
            assertThat(tab.text("#found tbody")).contains("websocket").contains("127.0.0.1").contains("/pushwire");

            tab.page().fill("#publish-channel", "news");
            tab.page().fill("#publish-data", "{\"headline\":\"from the console\"}");
            tab.page().click("#publish-form button");
            awaitJs(tab, "the console's answer", "document.querySelector('#console').textContent.includes('offset 1')");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !received.isEmpty());
            assertThat(received.get(0).data()).isEqualTo("{\"headline\":\"from the console\"}");

            tab.page().click("#channels tbody tr");
            awaitJs(tab, "the channel's last publication",
                    "document.querySelector('#publications').textContent.includes('from the console')");
            assertThat(tab.text("#presence")).contains(me.clientId());

            tab.screenshot("admin-desktop");
            assertThat(overflows(tab)).as("horizontal overflow at 1280 px").isFalse();
            tab.page().setViewportSize(390, 844);
            tab.screenshot("admin-phone");
            assertThat(overflows(tab)).as("horizontal overflow at 390 px").isFalse();

            tab.page().click("#found tr[data-id=\"" + me.clientId() + "\"] button");
            awaitJs(tab, "the disconnect logged", "document.querySelector('#console').textContent.includes('disconnected')");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    server.server().connections().stream().noneMatch(c -> c.id().equals(me.clientId())));
            awaitJs(tab, "no connection", "document.querySelector('#connections').textContent === '0'");
            assertThat(errors(tab, afterLogin)).isEmpty();
        }
    }
}
