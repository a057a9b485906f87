package dev.pushwire.spring.boot;

import dev.pushwire.core.hub.Hub;
import dev.pushwire.server.EndpointOptions;
import dev.pushwire.server.PushwireServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * Starts the {@link PushwireServer} with the application context and stops it with it.
 *
 * <p>On start it mounts every {@link PushwireEndpoint} bean, the hub (when {@code pushwire.hub.path} is set) and the
 * hub's publish API (when {@code pushwire.hub.api-key} is set), binds the port and publishes the bound port as the
 * property {@code local.pushwire.port} (useful with {@code pushwire.port=0} in tests).
 *
 * <p>On stop (context close, SIGTERM) the server drains for {@code pushwire.drain-period} when set (new connections
 * refused, the open ones closed with 1001 spread over the period), then stops accepting, closes every connection with 1001 ("going away")
 * and waits up to {@code pushwire.shutdown-timeout} for the clients' answers, on its own thread so that it runs
 * alongside the web server's graceful shutdown in the same phase ({@link #PHASE}); Spring waits for it up to
 * {@code spring.lifecycle.timeout-per-shutdown-phase}.
 */
public class PushwireServerLifecycle implements SmartLifecycle {
    /** The phase of the web server's graceful shutdown: Pushwire stops at the same time, after the beans it uses. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;
    /** The property holding the bound port once started. */
    public static final String LOCAL_PORT_PROPERTY = "local.pushwire.port";

    private static final Logger log = LoggerFactory.getLogger(PushwireServerLifecycle.class);

    private final PushwireServer server;
    private final ApplicationContext context;
    private final Hub hub;
    private final PushwireProperties properties;

    /**
     * @param hub the hub to mount at {@code pushwire.hub.path}, or null
     */
    public PushwireServerLifecycle(PushwireServer server, ApplicationContext context, Hub hub,
                                   PushwireProperties properties) {
        this.server = server;
        this.context = context;
        this.hub = hub;
        this.properties = properties;
    }

    @Override
    public void start() {
        List<String> paths = new ArrayList<>();
        for (Map.Entry<String, EndpointBeans.Found> e : EndpointBeans.find(context).entrySet()) {
            String[] subprotocols = e.getValue().annotation().subprotocols();
            EndpointOptions options = subprotocols.length == 0 ? EndpointOptions.DEFAULT
                    : EndpointOptions.builder().subprotocols(subprotocols).build();
            server.endpoint(e.getKey(), options, e.getValue().handler());
            paths.add(e.getKey());
        }
        PushwireProperties.HubProperties hubProperties = properties.getHub();
        if (hub != null && hubProperties.getPath() != null) {
            if (paths.contains(hubProperties.getPath())) {
                throw new IllegalStateException("pushwire.hub.path " + hubProperties.getPath()
                        + " is also the path of a @PushwireEndpoint bean; give one of them another path");
            }
            server.hub(hubProperties.getPath(), hub);
            paths.add(hubProperties.getPath() + " (hub)");
            if (hubProperties.getApiKey() != null && !hubProperties.getApiKey().isEmpty()) {
                server.hubApi(hubProperties.getApiPath(), hub, hubProperties.getApiKey());
                paths.add(hubProperties.getApiPath() + "/* (publish API)");
            }
        }
        server.start();
        publishPort(server.port());
        log.info("Pushwire serving on port {}: {}", server.port(), paths.isEmpty() ? "no endpoints" : paths);
    }

    private void publishPort(int port) {
        if (context instanceof ConfigurableApplicationContext configurable) {
            MutablePropertySources sources = configurable.getEnvironment().getPropertySources();
            sources.remove("pushwire.local");
            sources.addFirst(new MapPropertySource("pushwire.local", Map.of(LOCAL_PORT_PROPERTY, port)));
        }
    }

    /** Stops the server on a thread of its own and then runs {@code callback}. */
    @Override
    public void stop(Runnable callback) {
        Thread stopper = new Thread(() -> {
            try {
                stop();
            } finally {
                callback.run();
            }
        }, "pushwire-shutdown");
        stopper.start();
    }

    /**
     * Stops the server: with {@code pushwire.drain-period}, drains first (1001 spread over the period, new connections
     * refused); then 1001 to every client left and waits up to {@code pushwire.shutdown-timeout}. Blocks.
     */
    @Override
    public void stop() {
        if (!server.isRunning()) {
            return;
        }
        Duration period = properties.getDrainPeriod();
        if (!period.isZero() && !server.isDraining()) {
            log.info("Pushwire draining {} connections over {}", server.connections().size(), period);
            try {
                server.drain(period).get(period.plus(properties.getShutdownTimeout()).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.info("Pushwire drain did not finish ({}); closing what is left", e.toString());
            }
        }
        log.info("Pushwire stopping: closing {} connections with 1001", server.connections().size());
        server.stop();
    }

    @Override
    public boolean isRunning() {
        return server.isRunning();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
