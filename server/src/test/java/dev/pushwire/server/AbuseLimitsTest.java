package dev.pushwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pushwire.testkit.RawWebSocket;
import dev.pushwire.testkit.WsFrame;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The abuse limits over real sockets: one connection or one client address flooding is cut at the limit, with the
 * documented close code or status and meter, while another client keeps being served. Two client addresses on one
 * machine: 127.0.0.1 and 127.0.0.2 (both loopback on Linux).
 */
class AbuseLimitsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** Messages the echo endpoint received, by the text's prefix (the client's name). */
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final List<RawWebSocket> sockets = new ArrayList<>();
    private PushwireServer server;

    private void start(PushwireServer.Builder builder) {
        server = builder.host("127.0.0.1").port(0).meterRegistry(meters).shutdownTimeout(Duration.ofSeconds(1))
                .build();
        server.endpoint("/echo", conn -> conn.onMessage(msg -> {
            received.computeIfAbsent(msg.text().split(" ")[0], k -> new AtomicInteger()).incrementAndGet();
            conn.send(msg, null);
        }));
        server.start();
    }

    @AfterEach
    void stop() {
        sockets.forEach(RawWebSocket::close);
        if (server != null) {
            server.stop();
        }
    }

    private RawWebSocket.HandshakeResponse upgradeFrom(String address, Map<String, String> headers) {
        RawWebSocket ws = RawWebSocket.openFrom(address, server.port());
        sockets.add(ws);
        return ws.upgrade("/echo", headers);
    }

    private RawWebSocket connectFrom(String address) {
        RawWebSocket ws = RawWebSocket.openFrom(address, server.port());
        sockets.add(ws);
        assertThat(ws.upgrade("/echo", Map.of()).status()).isEqualTo(101);
        return ws;
    }

    private double counted(String name, String tag, String value) {
        var c = meters.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aConnectionSendingPastItsRateIsClosedWith4008WhileAnotherKeepsBeingServed() throws Exception {
        start(PushwireServer.builder().abuseLimits(AbuseLimits.builder().messagesPerSecond(20, 50).build()));
        RawWebSocket flooder = connectFrom("127.0.0.1");
        RawWebSocket calm = connectFrom("127.0.0.1");
        long started = System.nanoTime();
        List<WsFrame> flood = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            flood.add(WsFrame.text("flooder " + i));
        }
        flooder.sendAll(flood);
        WsFrame close = flooder.expectClose(WAIT);
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(close.closeCode()).isEqualTo(4008);
        assertThat(close.closeReason()).contains("rate limit");
        int delivered = received.get("flooder").get();
        assertThat(delivered).as("the burst, plus what the rate refilled meanwhile").isGreaterThanOrEqualTo(50)
                .isLessThanOrEqualTo(50 + (int) Math.ceil(20 * seconds) + 1);

        for (int i = 0; i < 10; i++) {
            calm.send(WsFrame.text("calm " + i));
            assertThat(calm.readMessage(WAIT).text()).isEqualTo("calm " + i);
        }
        assertThat(counted("pushwire.security.rate.limited", "limit", "messages")).isEqualTo(1.0);
        flooder.send(WsFrame.close(4008, ""));
        await().atMost(WAIT).until(() -> counted("pushwire.connections.closed", "code", "4008") == 1.0);
    }

    @Test
    void oneAddressIsCutAtItsConnectionLimitWhileAnotherAddressConnects() throws Exception {
        start(PushwireServer.builder().abuseLimits(AbuseLimits.builder().maxConnectionsPerIp(3).build()));
        List<RawWebSocket> first = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            first.add(connectFrom("127.0.0.1"));
        }
        RawWebSocket.HandshakeResponse refused = upgradeFrom("127.0.0.1", Map.of());
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.bodyText()).contains("\"error\":\"too_many_connections_from_address\"");
        assertThat(refused.header("retry-after")).isNotNull();
        RawWebSocket other = connectFrom("127.0.0.2");
        other.send(WsFrame.text("other hello"));
        assertThat(other.readMessage(WAIT).text()).isEqualTo("other hello");
        assertThat(counted("pushwire.security.refused", "reason", "address_connections")).isEqualTo(1.0);

        first.get(0).close();
        await().atMost(WAIT).until(() -> server.connections().size() == 3);
        connectFrom("127.0.0.1"); // the slot came back
    }

    @Test
    void xForwardedForCountsTheClientBehindATrustedProxyAndIsIgnoredFromOthers() throws Exception {
        start(PushwireServer.builder().abuseLimits(AbuseLimits.builder().maxConnectionsPerIp(1)
                .trustedProxies(List.of("127.0.0.1/32")).build()));
        assertThat(upgradeFrom("127.0.0.1", Map.of("X-Forwarded-For", "198.51.100.7")).status()).isEqualTo(101);
        assertThat(upgradeFrom("127.0.0.1", Map.of("X-Forwarded-For", "198.51.100.7")).status()).isEqualTo(429);
        assertThat(upgradeFrom("127.0.0.1", Map.of("X-Forwarded-For", "203.0.113.1, 198.51.100.8")).status())
                .as("the right-most untrusted hop is the client").isEqualTo(101);
        // 127.0.0.2 is not a trusted proxy: its X-Forwarded-For is a lie it could tell to dodge the limit
        assertThat(upgradeFrom("127.0.0.2", Map.of("X-Forwarded-For", "192.0.2.1")).status()).isEqualTo(101);
        assertThat(upgradeFrom("127.0.0.2", Map.of("X-Forwarded-For", "192.0.2.2")).status()).isEqualTo(429);
    }

    @Test
    void sessionsOpenedFromOneAddressPerMinuteAreCutWith429AndRetryAfterWhileAnotherOpens() throws Exception {
        start(PushwireServer.builder().abuseLimits(AbuseLimits.builder().httpSessionsPerIpPerMinute(5).build()));
        for (int i = 0; i < 5; i++) {
            assertThat(openSessionFrom("127.0.0.1").status()).isEqualTo(200);
        }
        RawHttp.Response refused = openSessionFrom("127.0.0.1");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body()).contains("\"error\":\"too_many_sessions\"");
        assertThat(Long.parseLong(refused.header("retry-after"))).isBetween(1L, 60L);
        assertThat(openSessionFrom("127.0.0.2").status()).isEqualTo(200);
        assertThat(counted("pushwire.security.refused", "reason", "session_rate")).isEqualTo(1.0);
    }

    @Test
    void httpSessionsCannotTakeTheSlotsKeptForWebSockets() throws Exception {
        start(PushwireServer.builder().maxConnections(4));
        assertThat(openSessionFrom("127.0.0.1").status()).isEqualTo(200);
        assertThat(openSessionFrom("127.0.0.1").status()).isEqualTo(200);
        RawHttp.Response refused = openSessionFrom("127.0.0.1");
        assertThat(refused.status()).as("half of maxConnections by default").isEqualTo(503);
        assertThat(refused.body()).contains("\"error\":\"too_many_sessions\"");
        assertThat(refused.header("retry-after")).isNotNull();
        connectFrom("127.0.0.1");
        connectFrom("127.0.0.1");
        RawWebSocket.HandshakeResponse full = upgradeFrom("127.0.0.1", Map.of());
        assertThat(full.status()).isEqualTo(503);
        assertThat(full.bodyText()).contains("\"error\":\"too_many_connections\"");
        assertThat(full.header("retry-after")).isEqualTo("5");
        assertThat(counted("pushwire.security.refused", "reason", "http_sessions")).isEqualTo(1.0);
        assertThat(counted("pushwire.security.refused", "reason", "capacity")).isEqualTo(1.0);
    }

    private RawHttp.Response openSessionFrom(String address) throws Exception {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(address, 0));
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /echo?transport=polling HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return RawHttp.read(s.getInputStream());
        }
    }
}
