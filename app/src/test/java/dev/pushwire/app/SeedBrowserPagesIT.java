package dev.pushwire.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.testkit.Chromium;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's browser programs, served unchanged by {@code ./pushwire serve} from {@code /seed/}, in real headless
 * Chromium. The ticker runs every 1.5 s so that the seed's 1 s polling sees every tick.
 */
class SeedBrowserPagesIT {
    private static final Pattern TICK = Pattern.compile("tick (\\d+) at \\d{4}-\\d\\d-\\d\\dT\\S+Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** Records every change of #content; the seed pages are not changed, this only observes them. */
    private static final String OBSERVE_CONTENT = "() => { window.__seen = [];"
            + " const el = document.querySelector('#content');"
            + " if (el.textContent) window.__seen.push(el.textContent);"
            + " new MutationObserver(() => window.__seen.push(el.textContent))"
            + "   .observe(el, {childList: true, characterData: true, subtree: true}); }";

    private static PushwireServeProcess server;

    @BeforeAll
    static void startServer() {
        Chromium.open().close(); // fail or skip early when Chromium is missing, before starting the server
        server = PushwireServeProcess.start("--tick-interval", "1500ms");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void seedBrowserSnippetLogsServerHelloAndTheServerLogsWhatItSent() {
        try (Chromium.Tab tab = Chromium.open()) {
            tab.navigate(server.http("/seed/browser-client.html"));
            tab.await("'server hello' in the console", TIMEOUT, () -> tab.console().contains("server hello"));
            tab.screenshot("seed-browser-client");
        }
        server.process().awaitStdout("'received: hello server' in the server log",
                l -> l.endsWith("received: hello server"), TIMEOUT);
    }

    @Test
    void seedPollingPageShowsEveryTick() {
        List<Long> ticks = watchTicks("/seed/polling.html", "polling");
        // polling every 1 s repeats a tick now and then, but never misses one at 1.5 s per tick
        assertConsecutive(dedupe(ticks));
    }

    @Test
    void seedLongPollingPageShowsEveryTickOnce() {
        List<Long> ticks = watchTicks("/seed/longpolling.html", "longpolling");
        // each held request is answered by the next tick: no repeats, no gaps
        assertConsecutive(ticks);
    }

    /** Opens the page and returns the tick numbers #content showed until it showed three different ones. */
    private static List<Long> watchTicks(String page, String name) {
        try (Chromium.Tab tab = Chromium.open()) {
            tab.navigate(server.http(page));
            tab.page().evaluate(OBSERVE_CONTENT);
            tab.await("#content to show three different ticks", TIMEOUT,
                    () -> dedupe(tickNumbers(seen(tab))).size() >= 3);
            tab.screenshot("seed-" + name);
            return tickNumbers(seen(tab));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> seen(Chromium.Tab tab) {
        return new ArrayList<>((List<String>) tab.page().evaluate("() => window.__seen"));
    }

    private static List<Long> tickNumbers(List<String> contents) {
        List<Long> out = new ArrayList<>();
        for (String content : contents) {
            Matcher m = TICK.matcher(content);
            assertThat(m.matches()).as("#content shows a tick, was '%s'", content).isTrue();
            out.add(Long.parseLong(m.group(1)));
        }
        return out;
    }

    private static List<Long> dedupe(List<Long> ticks) {
        List<Long> out = new ArrayList<>();
        for (Long t : ticks) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(t)) {
                out.add(t);
            }
        }
        return out;
    }

    private static void assertConsecutive(List<Long> ticks) {
        assertThat(ticks).hasSizeGreaterThanOrEqualTo(3);
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(ticks.get(i)).as("tick after %s in %s", ticks.get(i - 1), ticks)
                    .isEqualTo(ticks.get(i - 1) + 1);
        }
    }
}
