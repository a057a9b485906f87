package dev.pushwire.app.internal;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;

/**
 * The meter registry of the demo server: a Prometheus registry with the JVM's meters (memory, GC, threads, class
 * loading), the process's CPU and uptime, and the memory of Netty's default buffer allocator, next to the meters the server and hub
 * register themselves (docs/operations.md). Thread safe (Micrometer's registry is); {@link #close()} once, after
 * the server stopped.
 */
public final class DemoMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry;
    /** Listens to GC notifications until closed. */
    private final JvmGcMetrics gc;

    private DemoMetrics(PrometheusMeterRegistry registry, JvmGcMetrics gc) {
        this.registry = registry;
        this.gc = gc;
    }

    /** A registry with the JVM, process and Netty allocator meters bound. */
    public static DemoMetrics create() {
        return create(null);
    }

    /** As {@link #create()}, every meter tagged {@code node=<nodeId>} (null: no tag). */
    public static DemoMetrics create(String nodeId) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        if (nodeId != null) {
            registry.config().commonTags("node", nodeId);
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        // the allocator the server's channels use (Netty 4.2: the adaptive one, unless io.netty.allocator.type says)
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider) {
            new NettyAllocatorMetrics((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).bindTo(registry);
        }
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return new DemoMetrics(registry, gc);
    }

    /** The registry to give the server and to scrape. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        try {
            gc.close();
        } finally {
            registry.close();
        }
    }
}
