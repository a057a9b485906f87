package dev.pushwire.web;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.TimeoutError;
import dev.pushwire.testkit.Chromium;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The test harness page ({@code /test/harness.html}) in a fresh headless Chromium context: starts a pushwire.js socket
 * and reads what the page saw ({@code window.pw}). Not thread-safe: use it from the test's thread.
 */
final class Harness implements AutoCloseable {
    final Chromium.Tab tab;
    final Page page;

    Harness(String pageUrl) {
        tab = Chromium.open();
        page = tab.page();
        tab.navigate(pageUrl);
        await("the harness to load", "window.harnessReady === true", Duration.ofSeconds(10));
    }

    /** Connects the page's socket: {@code connect(url, options)} with options as a JavaScript object literal. */
    Harness start(String url, String options) {
        page.evaluate("([u, o]) => start(u, (0, eval)('(' + o + ')'))", List.of(url, options));
        return this;
    }

    /** Waits until the JavaScript expression holds; on timeout fails with the socket's event log and a screenshot. */
    void await(String what, String expression, Duration timeout) {
        try {
            page.waitForFunction("() => " + expression, null,
                    new Page.WaitForFunctionOptions().setTimeout(timeout.toMillis()).setPollingInterval(50));
        } catch (TimeoutError e) {
            Path shot = tab.screenshot("timeout-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
            throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                    + " (" + expression + "); socket log: " + log() + "; received: " + count("pw.received.length")
                    + "; console: " + tab.console() + "; screenshot: " + shot, e);
        }
    }

    Object eval(String expression) {
        return page.evaluate("() => " + expression);
    }

    int count(String expression) {
        return ((Number) eval(expression)).intValue();
    }

    String transport() {
        return (String) eval("pw.socket.transport");
    }

    @SuppressWarnings("unchecked")
    List<String> received() {
        return (List<String>) eval("pw.received");
    }

    @SuppressWarnings("unchecked")
    List<String> log() {
        return (List<String>) eval("pw.log");
    }

    @SuppressWarnings("unchecked")
    List<String> transports() {
        return (List<String>) eval("pw.transports");
    }

    Path screenshot(String name) {
        return tab.screenshot(name);
    }

    @Override
    public void close() {
        tab.close();
    }
}
