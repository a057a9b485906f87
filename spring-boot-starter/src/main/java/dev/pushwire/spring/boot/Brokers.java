package dev.pushwire.spring.boot;

import dev.pushwire.core.hub.Broker;

/** The broker named by {@code pushwire.broker}. */
final class Brokers {
    private Brokers() {
    }

    /**
     * @return null for {@code memory} (the hub makes its own in-memory broker)
     * @throws IllegalArgumentException for anything else, saying what to do instead
     */
    static Broker fromProperty(String value) {
        String v = value == null ? "memory" : value.trim();
        if (v.equals("memory")) {
            return null;
        }
        if (v.startsWith("redis://") || v.startsWith("rediss://")) {
            throw new IllegalArgumentException("pushwire.broker=" + v + ": a Redis broker is not in this version of"
                    + " the starter; use pushwire.broker=memory, or define a dev.pushwire.core.hub.Broker bean");
        }
        throw new IllegalArgumentException("pushwire.broker must be 'memory' or a redis:// URI, was '" + v + "'");
    }
}
