package dev.pushwire.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.testkit.Chromium;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every demo page of {@code pushwire serve}, in real headless Chromium at a phone's width (390 px) and a desktop's
 * (1280 px): nothing is wider than the screen (code blocks and the chart scroll or scale inside their box) and the
 * page logs no error. Screenshots are kept under target/screenshots/ for a look.
 */
class DemoPagesFitTheScreenIT {
    private static final List<String> PAGES = List.of("/", "/live.html", "/chat.html",
            "/seed/browser-client.html", "/seed/polling.html", "/seed/longpolling.html");
    private static final List<Integer> WIDTHS = List.of(390, 1280);

    private static DemoServer server;

    @BeforeAll
    static void start() {
        server = DemoServer.start(ServeSettings.builder().host("127.0.0.1").port(0).build());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    static List<Object[]> pagesAndWidths() {
        return PAGES.stream().flatMap(p -> WIDTHS.stream().map(w -> new Object[] {p, w})).toList();
    }

    @ParameterizedTest(name = "{0} at {1} px")
    @MethodSource("pagesAndWidths")
    void pageFitsTheScreenWidthAndLogsNoError(String path, int width) {
        try (Chromium.Tab tab = Chromium.open()) {
            tab.page().setViewportSize(width, 844);
            tab.navigate("http://127.0.0.1:" + server.port() + path);
            tab.await("the page to load", Duration.ofSeconds(20),
                    () -> "complete".equals(tab.page().evaluate("() => document.readyState")));

            @SuppressWarnings("unchecked")
            Map<String, Object> box = (Map<String, Object>) tab.page().evaluate("() => {"
                    // inside a box that scrolls or clips sideways (a code block, a wide table's wrapper), an
                    // element may be wider than the screen: the box is what must fit
                    + "const scrolledInside = (e) => { for (let a = e.parentElement; a && a !== document.body;"
                    + "  a = a.parentElement) { if (getComputedStyle(a).overflowX !== 'visible') return true; }"
                    + "  return false; };"
                    + "return {"
                    + "viewport: window.innerWidth,"
                    + "page: document.documentElement.scrollWidth,"
                    + "wider: [...document.querySelectorAll('body *')]"
                    + "  .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)"
                    + "  .filter((e) => !scrolledInside(e))"
                    + "  .slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')"
                    + "    + (e.className && typeof e.className === 'string' ? '.' + e.className : ''))"
                    + "}; }");
            tab.screenshot("fit" + path.replace('/', '-').replace(".html", "") + "-" + width);

            assertThat(((Number) box.get("page")).intValue()).as("%s: page width at a %d px screen; wider: %s",
                    path, width, box.get("wider")).isLessThanOrEqualTo(((Number) box.get("viewport")).intValue());
            assertThat((List<?>) box.get("wider")).as("%s: elements reaching past the right edge", path).isEmpty();
            assertThat(errors(tab)).as("%s: console errors", path).isEmpty();
        }
    }

    private static List<String> errors(Chromium.Tab tab) {
        return tab.console().stream()
                .filter(line -> line.startsWith("pageerror") || line.contains("Failed to load resource") || line.toLowerCase().contains("uncaught"))
                .toList();
    }
}
