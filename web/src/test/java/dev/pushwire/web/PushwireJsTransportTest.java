package dev.pushwire.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.core.hub.StreamPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** pushwire.js in headless Chromium against a real PushwireServer: transport choice and echo on every transport. */
class PushwireJsTransportTest extends HarnessOnTestServer {
    @Test
    void choosesWebSocketWhereItWorks() {
        page.start("/echo", "{}");
        page.await("open", "pw.log.includes('open')", Duration.ofSeconds(10));
        page.eval("pw.socket.send('hello server')");
        page.await("the echo", "pw.received.length === 1", Duration.ofSeconds(10));

        assertThat(page.received()).containsExactly("hello server");
        assertThat(page.transport()).isEqualTo("websocket");
        assertThat(page.transports()).containsExactly("websocket");
        assertThat(server.transports).containsExactly("websocket");
        assertThat(page.eval("sessionStorage.getItem('pushwire:transport:' + location.origin)")).isEqualTo("websocket");
        page.screenshot("transport-websocket-chosen");
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "sse", "longpolling", "polling"})
    void echoesEveryMessageOnceInOrderOnAForcedTransport(String transport) {
        int texts = 300;
        int count = texts + 3;
        page.start("/echo", "{transports: ['" + transport + "'], pollInterval: 200}");
        page.await("open", "pw.log.includes('open')", Duration.ofSeconds(10));
        // Text with non-ASCII characters, texts with line breaks (SSE: data lines, and event j for a CR), then
        // three binary messages, all sent at once.
        page.eval("(() => { for (let i = 1; i <= " + texts + "; i++) pw.socket.send(`c-${i} ✓ 日本 🚀`);"
                + " pw.socket.send('two\\nlines\\n'); pw.socket.send('cr\\r\\nlf'); pw.socket.send('');"
                + " pw.socket.send(new Uint8Array([0, 1, 255])); pw.socket.send(new Uint8Array([]).buffer);"
                + " pw.socket.send(new DataView(new Uint8Array([9, 8, 7, 6]).buffer, 1, 2)); })()");
        page.await("every echo", "pw.received.length >= " + (count + 3), Duration.ofSeconds(30));

        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= texts; i++) {
            expected.add("c-" + i + " ✓ 日本 🚀");
        }
        expected.addAll(List.of("two\nlines\n", "cr\r\nlf", ""));
        expected.addAll(List.of("bin:0,1,255", "bin:", "bin:8,7"));
        assertThat(page.transport()).isEqualTo(transport);
        assertThat(server.transports).containsExactly(transport);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(server.received).hasSize(count + 3));
        assertThat(server.received).containsExactlyElementsOf(expected);
        assertThat(page.received()).containsExactlyElementsOf(expected);
        assertThat(page.count("pw.socket.bufferedAmount")).isZero();
        page.screenshot("transport-" + transport + "-echo");
    }

    @Test
    void sendBeyondTheQueueLimitThrowsAQueueFullError() {
        // Opened and sent in one task, so the socket is certainly still connecting and every send is queued.
        Object error = page.eval("(() => { start('/echo', {maxQueuedMessages: 5}); try { for (let i = 0; i < 6; i++)"
                + " pw.socket.send('m' + i); return 'none'; }"
                + " catch (e) { return e.name + ' ' + e.code + ' ' + e.message; } })()");

        assertThat((String) error).startsWith("QueueFullError queue_full pushwire: send queue full (5 messages")
                .contains("maxQueuedMessages=5");
        // The five queued before the limit are delivered once the socket opens.
        page.await("five echoes", "pw.received.length === 5", Duration.ofSeconds(10));
        assertThat(page.received()).containsExactly("m0", "m1", "m2", "m3", "m4");
    }

    @Test
    void closeDeliversWhatWasSentFirstAndFiresCloseOnce() {
        page.start("/echo", "{transports: ['longpolling']}");
        page.await("open", "pw.log.includes('open')", Duration.ofSeconds(10));
        page.eval("(() => { pw.socket.send('last words'); pw.socket.close(1000, 'done'); })()");
        page.await("close", "pw.log.some((l) => l.startsWith('close'))", Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(server.received).containsExactly("last words"));
        assertThat(page.log()).containsExactly("open", "close 1000 done");
        assertThat(page.eval("pw.socket.readyState")).isEqualTo(3);
        assertThat(page.eval("(() => { try { pw.socket.send('x'); return 'sent'; } catch (e) { return e.name; } })()"))
                .isEqualTo("InvalidStateError");
    }

    @Test
    void aHubSocketOnARememberedFallbackUpgradesToWebSocketInTheBackgroundAndKeepsItsChannel() throws Exception {
        // As if an earlier page of this tab had to fall back to long polling.
        page.eval("sessionStorage.setItem('pushwire:transport:' + location.origin, 'longpolling')");
        page.start("/pushwire", "{upgradeAfter: 500}");
        page.eval("subscribe('ticks')");
        await().atMost(Duration.ofSeconds(10)).until(() -> !server.hub.presence("ticks").get().isEmpty());
        server.hub.publish("ticks", "\"t-1\"").get();
        page.await("the switch", "pw.socket.transport === 'websocket'", Duration.ofSeconds(15));
        await().atMost(Duration.ofSeconds(10)).until(() -> !server.hub.presence("ticks").get().isEmpty());
        server.hub.publish("ticks", "\"t-2\"").get();
        page.await("both ticks", "pw.publications.length >= 2", Duration.ofSeconds(10));

        assertThat(page.transports()).containsExactly("longpolling", "websocket");
        assertThat(page.eval("pw.publications")).isEqualTo(List.of("t-1", "t-2"));
        assertThat(page.eval("sessionStorage.getItem('pushwire:transport:' + location.origin)")).isEqualTo("websocket");
    }

    @Test
    void aRawSocketOnARememberedFallbackRecordsThatWebSocketWorksButStaysOnItsSession() {
        page.eval("sessionStorage.setItem('pushwire:transport:' + location.origin, 'sse')");
        page.start("/echo", "{upgradeAfter: 300}");
        page.await("open", "pw.log.includes('open')", Duration.ofSeconds(10));
        page.await("the probe", "sessionStorage.getItem('pushwire:transport:' + location.origin) === 'websocket'",
                Duration.ofSeconds(10));
        page.eval("pw.socket.send('still here')");
        page.await("the echo", "pw.received.length === 1", Duration.ofSeconds(10));

        assertThat(page.transport()).isEqualTo("sse");
        assertThat(page.received()).containsExactly("still here");
    }

    @Test
    void aTokenFunctionRefreshesTheHubTokenInBandSoTheConnectionOutlivesEachToken() throws Exception {
        // Each token lives 3 s; the page asks /token for a fresh one before each expires.
        page.start("/pushwire-auth", "{token: () => fetch('/token?ttl=3').then((r) => r.text())}");
        page.eval("subscribe('news')");
        await().atMost(Duration.ofSeconds(10)).until(() -> !server.authHub.presence("news").get().isEmpty());
        await().atMost(Duration.ofSeconds(20)).until(() -> server.tokensIssued.get() >= 5);  // past the first ones' expiry
        server.authHub.publish("news", "\"still subscribed\"").get();

        page.await("the publication", "pw.publications.length === 1", Duration.ofSeconds(10));
        assertThat(page.eval("pw.publications")).isEqualTo(List.of("still subscribed"));
        assertThat(page.log()).containsExactly("open");  // no 4004 close, no reconnect
    }

    @Test
    void recoveredPublicationsComeFirstWhenLiveOnesArriveInTheSameChunkAsTheSubscribeReply() throws Exception {
        StreamPosition fifth = null;
        for (int i = 1; i <= 10; i++) {
            StreamPosition at = server.hub.publish("late", "\"p-" + i + "\"").get();
            fifth = i == 5 ? at : fifth;
        }
        page.start("/pushwire", "{transports: ['sse']}");
        page.eval("subscribe('other')");  // the hub connect done, a subscribe is sent at once
        await().atMost(Duration.ofSeconds(10)).until(() -> !server.hub.presence("other").get().isEmpty());
        // The page sends its subscribe (recovering p-6..p-10), then its main thread is busy for 3 s: the reply and
        // p-11..p-20, published as soon as the subscriber is live, wait in the stream and are read as one chunk.
        page.page.evaluate("([epoch, offset]) => { pw.socket.channel('late')"
                + ".subscribe((p) => pw.publications.push(p.data), {since: {epoch, offset}});"
                + " setTimeout(() => { const end = Date.now() + 3000; while (Date.now() < end); }, 0); }",
                List.of(fifth.epoch(), (int) fifth.offset()));
        await().atMost(Duration.ofSeconds(10)).until(() -> !server.hub.presence("late").get().isEmpty());
        for (int i = 11; i <= 20; i++) {
            server.hub.publish("late", "\"p-" + i + "\"").get();
        }

        page.await("p-6 to p-20", "pw.publications.length >= 15", Duration.ofSeconds(10));
        List<String> expected = new ArrayList<>();
        for (int i = 6; i <= 20; i++) {
            expected.add("p-" + i);
        }
        assertThat(page.eval("pw.publications")).isEqualTo(expected);
    }
}
