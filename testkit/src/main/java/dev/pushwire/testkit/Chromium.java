package dev.pushwire.testkit;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Real headless Chromium for tests: Debian's {@code /usr/bin/chromium} driven by Playwright for Java, with no browser
 * download (Surefire sets {@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1}). One Playwright and one browser are shared by
 * every test of a JVM (started on first use, closed at JVM exit); each {@link #open()} gets a fresh context, so
 * tests share no cookies, storage or pages.
 *
 * <p>Without Chromium the test fails under CI and is skipped elsewhere ({@link ExternalTool#CHROMIUM}).
 *
 * <p>Threading: Playwright's objects are not thread-safe. Use a {@link Tab} from the thread that opened it; its
 * events (console lines) are delivered while that thread is inside a Playwright call, such as
 * {@link Tab#await(String, Duration, BooleanSupplier)}.
 */
public final class Chromium {
    /** The flags of the tested recipe (shared/VERSIONS.md). */
    public static final List<String> FLAGS = List.of("--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run");

    /** Guarded by {@code Chromium.class}. */
    private static Playwright playwright;
    /** Guarded by {@code Chromium.class}. */
    private static Browser browser;

    private Chromium() {
    }

    /** A fresh browser context with one page. Close it at the end of the test. */
    public static Tab open() {
        BrowserContext context = browser().newContext();
        return new Tab(context, context.newPage());
    }

    private static synchronized Browser browser() {
        Path executable = ExternalTool.CHROMIUM.require();
        if (browser == null) {
            playwright = Playwright.create();
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(executable)
                    .setHeadless(true)
                    .setArgs(FLAGS));
            Runtime.getRuntime().addShutdownHook(new Thread(Chromium::shutdown, "chromium-shutdown"));
        }
        return browser;
    }

    private static synchronized void shutdown() {
        if (playwright != null) {
            playwright.close(); // closes the browser too
            playwright = null;
            browser = null;
        }
    }

    /** Where screenshots go: the module's {@code target/screenshots/}. */
    public static Path screenshotDir() {
        return Paths.get(System.getProperty("basedir", ".")).resolve("target").resolve("screenshots");
    }

    /**
     * One page in its own browser context, with the page's console lines recorded from the start.
     * Not thread-safe: use it from the test's thread.
     */
    public static final class Tab implements AutoCloseable {
        private final BrowserContext context;
        private final Page page;
        /** Appended by Playwright's event dispatch, which runs on the test's thread inside Playwright calls. */
        private final List<String> console = new ArrayList<>();

        private Tab(BrowserContext context, Page page) {
            this.context = context;
            this.page = page;
            page.onConsoleMessage(message -> console.add(message.text()));
            page.onPageError(error -> console.add("pageerror: " + error));
        }

        /** The Playwright page, for anything this class does not offer. */
        public Page page() {
            return page;
        }

        /** Opens {@code url} and waits for its load event. */
        public Tab navigate(String url) {
            page.navigate(url);
            return this;
        }

        /** The console lines so far (text of each {@code console.*} call, and page errors). */
        public List<String> console() {
            return List.copyOf(console);
        }

        /**
         * Waits until {@code condition} holds, letting the page run and its events arrive. On timeout saves a
         * screenshot named {@code name} and throws an {@link AssertionError} saying what was awaited and what the
         * console showed.
         */
        public void await(String what, Duration timeout, BooleanSupplier condition) {
            try {
                page.waitForCondition(condition,
                        new Page.WaitForConditionOptions().setTimeout(timeout.toMillis()));
            } catch (com.microsoft.playwright.TimeoutError e) {
                Path shot = screenshot("timeout-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + "; console: " + console + "; screenshot: " + shot, e);
            }
        }

        /** Text of the first element matching {@code selector}, or null if there is none. */
        public String text(String selector) {
            return page.locator(selector).count() == 0 ? null : page.locator(selector).first().textContent();
        }

        /** Saves a PNG of the page as {@code target/screenshots/<name>.png} and returns its path. */
        public Path screenshot(String name) {
            Path file = screenshotDir().resolve(name + ".png");
            try {
                Files.createDirectories(file.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
            return file;
        }

        /** Closes the context and its page. */
        @Override
        public void close() {
            context.close();
        }
    }
}
