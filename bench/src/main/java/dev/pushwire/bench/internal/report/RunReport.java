package dev.pushwire.bench.internal.report;

import dev.pushwire.bench.internal.scenario.ScenarioResult;
import java.util.List;
import java.util.Map;

/**
 * One run of the peer comparison as written to {@code bench/results/*.json}: the command, when and where it ran,
 * the peers with versions, the settings, every scenario result and whatever went wrong. Immutable.
 */
public record RunReport(String command, String date, Map<String, String> machine, Map<String, String> peers,
                        Map<String, String> settings, List<ScenarioResult> results, List<String> problems) {
    /** Copies its inputs. */
    public RunReport {
        machine = Map.copyOf(machine);
        peers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(peers));
        settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
        results = List.copyOf(results);
        problems = List.copyOf(problems);
    }
}
