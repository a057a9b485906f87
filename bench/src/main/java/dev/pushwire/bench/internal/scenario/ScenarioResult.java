package dev.pushwire.bench.internal.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario measured against one peer: named numbers (see {@link Metric}) and free-text notes (errors,
 * caps). Immutable.
 */
public record ScenarioResult(String peer, String scenario, Map<String, Double> metrics, List<String> notes) {
    /** Copies its inputs. */
    public ScenarioResult {
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        notes = List.copyOf(notes);
    }

    /** A metric's value, or null. */
    public Double metric(String name) {
        return metrics.get(name);
    }
}
