package dev.pushwire.spring.boot;

import dev.pushwire.core.hub.Broker;
import dev.pushwire.core.hub.PresenceStore;
import org.springframework.util.ClassUtils;

/** The broker named by {@code pushwire.broker}, and the presence store that goes with it. */
final class Brokers {
    private static final String REDIS_BROKER = "dev.pushwire.redis.RedisBroker";

    private Brokers() {
    }

    /**
     * @param classLoader the application's, asked whether pushwire-redis is there
     * @return null for {@code memory} (the hub makes its own in-memory broker); a RedisBroker for Redis URIs, connected
     *         (so an unreachable Redis stops the application at start)
     * @throws IllegalArgumentException for anything else, or Redis without pushwire-redis, saying what to do instead
     */
    static Broker fromProperties(PushwireProperties properties, ClassLoader classLoader) {
        String v = properties.getBroker() == null ? "memory" : properties.getBroker().trim();
        if (v.equals("memory")) {
            return null;
        }
        if (v.startsWith("redis://") || v.startsWith("rediss://")) {
            if (!ClassUtils.isPresent(REDIS_BROKER, classLoader)) {
                throw new IllegalArgumentException("pushwire.broker=" + redacted(v) + " needs the Redis broker: add the"
                        + " dependency dev.pushwire:pushwire-redis, or use pushwire.broker=memory");
            }
            return RedisBrokers.create(v, properties.getRedis());
        }
        throw new IllegalArgumentException("pushwire.broker must be 'memory' or redis:// URIs (comma-separated), was '"
                + redacted(v) + "'");
    }

    /** The presence store sharing {@code broker}'s Redis connections, or null (in memory) for other brokers. */
    static PresenceStore presenceFor(Broker broker) {
        if (broker == null || !ClassUtils.isPresent(REDIS_BROKER, Brokers.class.getClassLoader())) {
            return null;
        }
        return RedisBrokers.presenceFor(broker);
    }

    /** The value without passwords ({@code redis://:secret@host} as {@code redis://:***@host}). */
    static String redacted(String value) {
        return value.replaceAll("(rediss?://[^:@/,]*:)[^@/,]*@", "$1***@");
    }
}
