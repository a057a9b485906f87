package dev.pushwire.server.internal.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters of the security checks: {@code pushwire.security.refused{reason}} counts requests and connections
 * refused (reasons: {@code origin}, {@code address_connections}, {@code session_rate}, {@code http_sessions},
 * {@code capacity}) and {@code pushwire.security.rate.limited{limit}} connections cut by a rate ({@code messages}).
 * Without a registry it counts nothing. Thread safe.
 */
public final class SecurityMeters {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /** @param registry null: count nothing */
    public SecurityMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One refusal for {@code reason}. */
    public void refused(String reason) {
        count("pushwire.security.refused", "reason", reason,
                "Requests and connections refused by a security check or limit");
    }

    /** One connection closed (or message dropped) for going past the {@code limit} rate. */
    public void rateLimited(String limit) {
        count("pushwire.security.rate.limited", "limit", limit, "Connections closed for sending past a rate limit");
    }

    private void count(String name, String tag, String value, String description) {
        if (registry == null) {
            return;
        }
        counters.computeIfAbsent(name + ' ' + value, k -> Counter.builder(name).description(description)
                .tag(tag, value).register(registry)).increment();
    }
}
