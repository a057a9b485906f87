package dev.pushwire.bench.internal.report;

import dev.pushwire.bench.internal.scenario.Metric;
import dev.pushwire.bench.internal.scenario.ScenarioResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Prints one or more runs as markdown: one table per scenario, a row per peer, each cell the median over the runs
 * (with every run's value in parentheses when there are several), and the Pushwire row's ratio to the best other
 * peer on the scenario's headline number. Stateless.
 */
public final class MarkdownReport {
    private MarkdownReport() {
    }

    /** The columns shown for a scenario, by its name. */
    static List<String> columns(String scenario) {
        if (scenario.startsWith("echo")) {
            return List.of(Metric.RATE, Metric.MIB_PER_S, Metric.P50, Metric.P99, Metric.MAX, Metric.SERVER_CPU,
                    Metric.SERVER_SYS_CPU, Metric.CLIENT_CPU, Metric.CLIENT_BOUND, Metric.SERVER_RSS_MIB,
                    Metric.ERRORS);
        }
        if (scenario.startsWith("broadcast")) {
            return List.of(Metric.RATE, Metric.P50, Metric.P99, Metric.MAX, Metric.MISSING, Metric.SERVER_CPU,
                    Metric.SERVER_SYS_CPU, Metric.CLIENT_CPU, Metric.CLIENT_BOUND, Metric.SERVER_RSS_MIB,
                    Metric.ERRORS);
        }
        return List.of(Metric.CONNECTIONS, Metric.CONNECT_RATE, Metric.RSS_PER_CONNECTION,
                Metric.RSS_PER_CONNECTION_AFTER_GC, Metric.STARTUP_RSS_MIB, Metric.SERVER_RSS_MIB, Metric.SERVER_CPU,
                Metric.ERRORS);
    }

    /** The headline metric of a scenario and whether higher is better. */
    static String headline(String scenario) {
        if (scenario.startsWith("echo")) {
            return Metric.RATE;
        }
        return scenario.startsWith("broadcast") ? Metric.P99 : Metric.RSS_PER_CONNECTION;
    }

    /** Markdown tables for {@code runs} (one or more runs of the same scenarios). */
    public static String render(List<RunReport> runs) {
        Set<String> scenarios = new LinkedHashSet<>();
        Set<String> peers = new LinkedHashSet<>();
        for (RunReport run : runs) {
            for (ScenarioResult r : run.results()) {
                scenarios.add(r.scenario());
                peers.add(r.peer());
            }
        }
        StringBuilder out = new StringBuilder();
        header(runs, out);
        for (String scenario : scenarios) {
            List<String> cols = columns(scenario);
            String key = headline(scenario);
            boolean higherIsBetter = Metric.RATE.equals(key);
            out.append("#### ").append(scenario).append("\n\n| peer |");
            cols.forEach(c -> out.append(' ').append(c).append(" |"));
            out.append(" vs best peer (").append(key).append(") |\n|---|");
            cols.forEach(c -> out.append("---:|"));
            out.append("---:|\n");
            Double best = null;
            for (String peer : peers) {
                if (peer.startsWith("pushwire")) { // Pushwire on another transport is not a peer to beat
                    continue;
                }
                Double v = median(values(runs, peer, scenario, key));
                if (v != null && (best == null || (higherIsBetter ? v > best : v < best))) {
                    best = v;
                }
            }
            for (String peer : peers) {
                if (values(runs, peer, scenario, Metric.ERRORS).isEmpty() && values(runs, peer, scenario, key).isEmpty()) {
                    continue;
                }
                out.append("| ").append(peer).append(" |");
                for (String c : cols) {
                    out.append(' ').append(cell(values(runs, peer, scenario, c))).append(" |");
                }
                Double mine = median(values(runs, peer, scenario, key));
                String ratio = "";
                if (peer.startsWith("pushwire") && mine != null && best != null && best != 0) {
                    ratio = String.format(Locale.ROOT, "%.2f×", mine / best);
                    if (values(runs, peer, scenario, Metric.CLIENT_BOUND).contains(1.0)) {
                        ratio += " (client-bound)"; // the generator bound this cell in a run: see client_bound
                    }
                }
                out.append(' ').append(ratio).append(" |\n");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static void header(List<RunReport> runs, StringBuilder out) {
        if (runs.isEmpty()) {
            return;
        }
        RunReport first = runs.get(0);
        out.append("Machine: ").append(first.machine().get("nproc")).append(" cores, ")
                .append(first.machine().get("cpu")).append(", kernel ").append(first.machine().get("kernel"))
                .append(", ").append(first.machine().get("memory")).append(", ").append(first.machine().get("jdk"))
                .append(".\n\n");
        out.append("| run | date (UTC) | command | peer order | echo generator | load average at start | at end |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < runs.size(); i++) {
            RunReport r = runs.get(i);
            String order = r.settings().getOrDefault("peer_order", "not recorded");
            out.append("| ").append(i + 1).append(" | ").append(r.date()).append(" | `").append(r.command())
                    .append("` | ").append(order.replace(",", ", ")).append(" | ")
                    // runs before the C generator (2026-12-07) had only the Java one
                    .append(r.settings().getOrDefault("echo_generator", "java").replaceAll(" \\(.*", ""))
                    .append(" | ").append(r.machine().get("loadavg_start")).append(" | ")
                    .append(r.machine().get("loadavg_end")).append(" |\n");
        }
        out.append("\nPeers: ");
        java.util.Map<String, String> peers = new java.util.LinkedHashMap<>();
        runs.forEach(r -> r.peers().forEach(peers::putIfAbsent));
        out.append(String.join("; ", peers.entrySet().stream().map(e -> "`" + e.getKey() + "` " + e.getValue()).toList()));
        out.append(".\n\n");
    }

    private static List<Double> values(List<RunReport> runs, String peer, String scenario, String metric) {
        List<Double> vs = new ArrayList<>();
        for (RunReport run : runs) {
            for (ScenarioResult r : run.results()) {
                if (r.peer().equals(peer) && r.scenario().equals(scenario) && r.metric(metric) != null) {
                    vs.add(r.metric(metric));
                }
            }
        }
        return vs;
    }

    static Double median(List<Double> vs) {
        if (vs.isEmpty()) {
            return null;
        }
        List<Double> s = new ArrayList<>(vs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String cell(List<Double> vs) {
        Double m = median(vs);
        if (m == null) {
            return "–";
        }
        if (vs.size() == 1) {
            return format(m);
        }
        StringBuilder sb = new StringBuilder(format(m)).append(" (");
        for (int i = 0; i < vs.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(format(vs.get(i)));
        }
        return sb.append(')').toString();
    }

    static String format(double v) {
        if (Math.abs(v) >= 100_000) {
            return String.format(Locale.ROOT, "%,.0f", v).replace(',', ' ');
        }
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.1f", v);
    }
}
