package dev.pushwire.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChromiumTest {
    private static final String PAGE = "<!doctype html><title>t</title><div id=out></div><script>"
            + "fetch('/data').then(r => r.text()).then(t => {"
            + " document.querySelector('#out').textContent = t; console.log('got ' + t); });</script>";

    private HttpServer http;

    @BeforeEach
    void startStaticServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/page.html", exchange -> reply(exchange, "text/html", PAGE));
        http.createContext("/data", exchange -> reply(exchange, "text/plain", "from-server"));
        http.start();
    }

    @AfterEach
    void stopStaticServer() {
        http.stop(0);
    }

    @Test
    void pageScriptRunsFetchesFromTheServerAndLogsToTheConsole() {
        try (Chromium.Tab tab = Chromium.open()) {
            tab.navigate("http://127.0.0.1:" + http.getAddress().getPort() + "/page.html");
            tab.await("console line 'got from-server'", Duration.ofSeconds(10),
                    () -> tab.console().contains("got from-server"));
            assertThat(tab.text("#out")).isEqualTo("from-server");
            Path shot = tab.screenshot("chromium-test-page");
            assertThat(shot).isRegularFile();
            assertThat(shot.getParent()).isEqualTo(Chromium.screenshotDir());
        }
    }

    @Test
    void eachTabHasItsOwnContextSoStorageIsNotShared() {
        String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/page.html";
        try (Chromium.Tab first = Chromium.open()) {
            first.navigate(url);
            first.page().evaluate("() => localStorage.setItem('k', 'v')");
            assertThat(first.page().evaluate("() => localStorage.getItem('k')")).isEqualTo("v");
        }
        try (Chromium.Tab second = Chromium.open()) {
            second.navigate(url);
            assertThat(second.page().evaluate("() => localStorage.getItem('k')")).isNull();
        }
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
