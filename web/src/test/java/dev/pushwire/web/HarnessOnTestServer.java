package dev.pushwire.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * For pushwire.js tests in a browser: before each test a fresh {@link TestServer} and the {@link Harness} page from
 * it in a fresh headless Chromium context; both closed after the test (the page first).
 */
abstract class HarnessOnTestServer {
    protected TestServer server;
    protected Harness page;

    @BeforeEach
    void startServerAndPage() {
        server = new TestServer();
        page = new Harness(server.url("/test/harness.html"));
    }

    @AfterEach
    void closePageAndServer() {
        page.close();
        server.close();
    }
}
