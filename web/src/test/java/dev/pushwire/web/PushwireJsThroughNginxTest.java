package dev.pushwire.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.testkit.NginxProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * pushwire.js in headless Chromium behind a real nginx configured as a typical reverse proxy without the WebSocket
 * upgrade headers: the WebSocket attempt fails, the page falls back to an HTTP transport by itself and works.
 */
class PushwireJsThroughNginxTest {
    private TestServer server;
    private NginxProxy nginx;
    private Harness page;

    @BeforeEach
    void start() {
        server = new TestServer();
        nginx = NginxProxy.start(server.port(), Duration.ofSeconds(60), false);
        page = new Harness("http://127.0.0.1:" + nginx.port() + "/test/harness.html");
    }

    @AfterEach
    void stop() {
        if (page != null) {
            page.close();
        }
        if (nginx != null) {
            nginx.close();
        }
        server.close();
    }

    @Test
    void fallsBackToSseWhenTheProxyStripsTheUpgradeAndRemembersIt() {
        page.start("/echo", "{openTimeout: 10000}"); // generous: a slow SSE open must not look like a failed one
        page.await("open", "pw.log.includes('open')", Duration.ofSeconds(20));
        page.eval("(() => { for (let i = 1; i <= 100; i++) pw.socket.send('c-' + i); })()");
        page.await("every echo", "pw.received.length >= 100", Duration.ofSeconds(20));

        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            expected.add("c-" + i);
        }
        assertThat(page.transport()).isEqualTo("sse");
        assertThat(page.transports()).containsExactly("sse");
        assertThat(page.received()).containsExactlyElementsOf(expected);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.received.size() >= 100);
        assertThat(server.received).containsExactlyElementsOf(expected);
        assertThat(server.transports).containsExactly("sse");
        assertThat(page.eval("sessionStorage.getItem('pushwire:transport:' + location.origin)")).isEqualTo("sse");
        page.screenshot("nginx-fallback-sse");

        // A second socket on this origin starts from what worked, without trying WebSocket first.
        page.eval("(() => { pw.received = []; pw.transports = []; pw.log = []; pw.socket.close(); start('/echo', {}); })()");
        page.await("second open", "pw.log.includes('open')", Duration.ofSeconds(10));
        assertThat(page.transports()).containsExactly("sse");
    }
}
