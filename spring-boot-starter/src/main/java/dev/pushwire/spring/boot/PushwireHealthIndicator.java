package dev.pushwire.spring.boot;

import dev.pushwire.core.Connection;
import dev.pushwire.core.hub.Broker;
import dev.pushwire.core.hub.Hub;
import dev.pushwire.server.PushwireServer;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code pushwire} component of Actuator's health: UP while the server serves, with its port and its open
 * connections (in all and per transport, and the hub's when there is one); OUT_OF_SERVICE while it drains
 * ({@code PushwireServer.drain}, or {@code pushwire.drain-period} on stop); DOWN when it is not serving (not yet
 * started, or stopped), or when the hub's shared broker (Redis) cannot be reached: its clients then get
 * {@code broker_unavailable} errors.
 *
 * <p>Reads live views only; cheap enough for every probe.
 */
public class PushwireHealthIndicator implements HealthIndicator {
    private final PushwireServer server;
    private final Hub hub;

    /**
     * @param hub the mounted hub, or null
     */
    public PushwireHealthIndicator(PushwireServer server, Hub hub) {
        this.server = server;
        this.hub = hub;
    }

    @Override
    public Health health() {
        int port;
        try {
            port = server.port();
        } catch (IllegalStateException notRunning) {
            return Health.down().withDetail("reason", "the Pushwire server is not running").build();
        }
        Map<String, Integer> byTransport = new TreeMap<>();
        int total = 0;
        for (Connection c : server.connections()) {
            byTransport.merge(c.transport(), 1, Integer::sum);
            total++;
        }
        Broker broker = hub == null ? null : hub.options().broker();
        boolean brokerDown = broker != null && !broker.isAvailable();
        Health.Builder health = (server.isDraining() ? Health.outOfService() : brokerDown ? Health.down() : Health.up())
                .withDetail("port", port)
                .withDetail("connections", total)
                .withDetail("notReady", server.notReadyReasons())
                .withDetail("connectionsByTransport", byTransport);
        if (hub != null) {
            health.withDetail("hubConnections", hub.connectionCount())
                    .withDetail("hubChannels", hub.stats().channels())
                    .withDetail("broker", broker == null ? "memory" : brokerDown ? "unavailable" : "available");
        }
        return health.build();
    }
}
