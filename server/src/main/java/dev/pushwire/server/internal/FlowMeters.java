package dev.pushwire.server.internal;

import dev.pushwire.core.Connection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.util.function.ToDoubleFunction;

/**
 * Flow-control gauges over the open connections, computed when scraped (nothing per send):
 * <ul>
 *   <li>{@code pushwire.connections.buffered.bytes}: bytes waiting to be sent, all connections together;</li>
 *   <li>{@code pushwire.connections.buffered.max.bytes}: the most waiting for one connection;</li>
 *   <li>{@code pushwire.connections.unwritable}: connections above their high water mark;</li>
 *   <li>{@code pushwire.connections.reading.paused}: connections whose reading is paused.</li>
 * </ul>
 */
public final class FlowMeters {
    private FlowMeters() {
    }

    /** Registers the gauges over {@code connections}' open connections. */
    public static void register(MeterRegistry registry, ConnectionRegistry connections) {
        gauge(registry, connections, "pushwire.connections.buffered.bytes",
                "Bytes waiting to be sent to clients, all connections", BaseUnits.BYTES,
                c -> sum(c, Connection::bufferedAmount));
        gauge(registry, connections, "pushwire.connections.buffered.max.bytes",
                "The most bytes waiting to be sent to one connection", BaseUnits.BYTES, FlowMeters::max);
        gauge(registry, connections, "pushwire.connections.unwritable",
                "Connections above their high water mark", null, c -> sum(c, x -> x.isOpen() && !x.isWritable() ? 1 : 0));
        gauge(registry, connections, "pushwire.connections.reading.paused",
                "Connections whose reading is paused (flow control)", null,
                c -> sum(c, x -> x.isReadingPaused() ? 1 : 0));
    }

    private static void gauge(MeterRegistry registry, ConnectionRegistry connections, String name, String description,
                              String unit, ToDoubleFunction<ConnectionRegistry> value) {
        Gauge.Builder<ConnectionRegistry> b = Gauge.builder(name, connections, value).description(description)
                .strongReference(true);
        if (unit != null) {
            b.baseUnit(unit);
        }
        b.register(registry);
    }

    private static double sum(ConnectionRegistry connections, java.util.function.ToLongFunction<Connection> f) {
        long total = 0;
        for (Connection c : connections.view()) {
            total += f.applyAsLong(c);
        }
        return total;
    }

    private static double max(ConnectionRegistry connections) {
        long most = 0;
        for (Connection c : connections.view()) {
            most = Math.max(most, c.bufferedAmount());
        }
        return most;
    }
}
