package dev.pushwire.bench.internal.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Markdown from one or more runs of the cluster benchmark: a table of every system and rate (medians, each run's
 * value in brackets) and a summary against issue 11's target (at least 2× Socket.IO's deliveries per second at a
 * lower p99, nothing lost). Stateless.
 */
final class ClusterTable {
    private ClusterTable() {
    }

    static String render(List<ClusterResults> runs) {
        StringBuilder sb = new StringBuilder();
        sb.append("| run | date (UTC) | command | load average at start | at end |\n|---|---|---|---|---|\n");
        for (int i = 0; i < runs.size(); i++) {
            ClusterResults r = runs.get(i);
            sb.append("| ").append(i + 1).append(" | ").append(r.date()).append(" | `").append(r.command())
                    .append("` | ").append(r.loadAverageStart()).append(" | ").append(r.loadAverageEnd()).append(" |\n");
        }
        sb.append('\n');
        ClusterResults first = runs.get(0);
        sb.append("Workload: ").append(first.settings().get("nodes")).append(" nodes and one Redis, ")
                .append(first.settings().get("subscribers")).append(" WebSocket subscribers over ")
                .append(first.settings().get("channels")).append(" channels, ")
                .append(first.settings().get("publishers")).append(" publishers (one per node); window ")
                .append(first.settings().get("window")).append(", drain up to ").append(first.settings().get("drain"))
                .append(".\n\nVersions: ");
        List<String> vs = new ArrayList<>();
        first.versions().forEach((k, v) -> vs.add("`" + k + "` " + v));
        sb.append(String.join("; ", vs)).append(".\n\n");

        Set<String> systems = new LinkedHashSet<>();
        Set<Double> rates = new java.util.TreeSet<>();
        for (ClusterResults r : runs) {
            for (ClusterResults.Step s : r.steps()) {
                systems.add(s.system());
                rates.add(s.rate());
            }
        }
        sb.append("| system | pub/s | offered deliveries/s | deliveries/s | p50 ms | p99 ms | lost | dup | Redis CPU % |"
                + " nodes CPU % | generator CPU % | busiest generator loop % | machine CPU % | counts (runs) |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (String system : systems) {
            for (double rate : rates) {
                List<ClusterResults.Step> cell = cell(runs, system, rate);
                if (cell.stream().allMatch(Objects::isNull)) {
                    continue;
                }
                sb.append("| ").append(system).append(" | ").append(num(rate)).append(" | ")
                        .append(col(cell, ClusterResults.Step::offeredPerS)).append(" | ")
                        .append(col(cell, ClusterResults.Step::deliveriesPerS)).append(" | ")
                        .append(col(cell, ClusterResults.Step::p50Ms)).append(" | ")
                        .append(col(cell, ClusterResults.Step::p99Ms)).append(" | ")
                        .append(col(cell, ClusterResults.Step::lost)).append(" | ")
                        .append(col(cell, ClusterResults.Step::duplicated)).append(" | ")
                        .append(col(cell, ClusterResults.Step::redisCpuPct)).append(" | ")
                        .append(col(cell, ClusterResults.Step::nodesCpuPct)).append(" | ")
                        .append(col(cell, ClusterResults.Step::generatorCpuPct)).append(" | ")
                        .append(col(cell, ClusterResults.Step::generatorLoopMaxPct)).append(" | ")
                        .append(col(cell, ClusterResults.Step::machineCpuPct)).append(" | ")
                        .append(verdicts(cell)).append(" |\n");
            }
        }
        sb.append('\n').append(summary(runs, systems, rates));
        List<String> problems = new ArrayList<>();
        for (ClusterResults r : runs) {
            problems.addAll(r.problems());
        }
        if (!problems.isEmpty()) {
            sb.append("\nProblems:\n");
            problems.forEach(p -> sb.append("- ").append(p).append('\n'));
        }
        return sb.toString();
    }

    /** Per system: the highest sustained deliveries/s (median over runs); Pushwire against the best Socket.IO. */
    private static String summary(List<ClusterResults> runs, Set<String> systems, Set<Double> rates) {
        StringBuilder sb = new StringBuilder();
        Map<String, Double> best = new LinkedHashMap<>();
        sb.append("| system | highest sustained deliveries/s (median of runs) | each run |"
                + " highest deliveries/s with nothing lost in any run (median) | at pub/s | its p99 ms |\n"
                + "|---|---:|---|---:|---:|---:|\n");
        for (String system : systems) {
            double[] perRun = new double[runs.size()];
            for (int i = 0; i < runs.size(); i++) {
                perRun[i] = runs.get(i).steps().stream().filter(s -> s.system().equals(system))
                        .filter(ClusterResults.Step::sustained).mapToDouble(ClusterResults.Step::deliveriesPerS)
                        .max().orElse(0);
            }
            double m = median(perRun);
            best.put(system, m);
            double lossless = 0;
            double losslessRate = 0;
            double losslessP99 = 0;
            for (double rate : rates) {
                List<ClusterResults.Step> cell = cell(runs, system, rate);
                if (cell.stream().allMatch(st -> st != null && st.refused() == null && st.lost() == 0
                        && st.duplicated() == 0)) {
                    double d = median(cell.stream().mapToDouble(ClusterResults.Step::deliveriesPerS).toArray());
                    if (d > lossless) {
                        lossless = d;
                        losslessRate = rate;
                        losslessP99 = median(cell.stream().mapToDouble(ClusterResults.Step::p99Ms).toArray());
                    }
                }
            }
            sb.append("| ").append(system).append(" | ").append(num(m)).append(" | ")
                    .append(String.join(", ", Arrays.stream(perRun).mapToObj(ClusterTable::num).toList()))
                    .append(" | ").append(num(lossless)).append(" | ").append(num(losslessRate)).append(" | ")
                    .append(num(losslessP99)).append(" |\n");
        }
        sb.append('\n');
        Double pushwire = best.get(ClusterSystem.PUSHWIRE.id());
        String peer = best.entrySet().stream().filter(e -> !e.getKey().equals(ClusterSystem.PUSHWIRE.id()))
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
        if (pushwire != null && peer != null) {
            double ratio = best.get(peer) == 0 ? Double.POSITIVE_INFINITY : pushwire / best.get(peer);
            sb.append(String.format(Locale.ROOT, "Pushwire's highest sustained rate is %.2f× %s's (target: ≥ 2×).",
                    ratio, peer));
            Double common = null;
            for (double rate : rates) {
                if (allSustained(runs, ClusterSystem.PUSHWIRE.id(), rate) && allSustained(runs, peer, rate)) {
                    common = rate;
                }
            }
            if (common != null) {
                double pw = median(cell(runs, ClusterSystem.PUSHWIRE.id(), common).stream()
                        .mapToDouble(ClusterResults.Step::p99Ms).toArray());
                double other = median(cell(runs, peer, common).stream().mapToDouble(ClusterResults.Step::p99Ms)
                        .toArray());
                sb.append(String.format(Locale.ROOT, " At %s pub/s, the highest rate both sustained in every run,"
                        + " p99 is %.1f ms against %.1f ms (%.2f×).", num(common), pw, other, pw / other));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static boolean allSustained(List<ClusterResults> runs, String system, double rate) {
        List<ClusterResults.Step> cell = cell(runs, system, rate);
        return cell.stream().allMatch(s -> s != null && s.sustained());
    }

    private static List<ClusterResults.Step> cell(List<ClusterResults> runs, String system, double rate) {
        List<ClusterResults.Step> cell = new ArrayList<>();
        for (ClusterResults r : runs) {
            cell.add(r.steps().stream().filter(s -> s.system().equals(system) && s.rate() == rate).findFirst()
                    .orElse(null));
        }
        return cell;
    }

    private static String verdicts(List<ClusterResults.Step> cell) {
        List<String> v = new ArrayList<>();
        for (ClusterResults.Step s : cell) {
            v.add(s == null ? "-" : s.refused() != null ? "refused" : s.sustained() ? "sustained" : "behind");
        }
        return String.join(", ", v);
    }

    private static String col(List<ClusterResults.Step> cell, ToDoubleFunction<ClusterResults.Step> f) {
        double[] values = cell.stream().filter(Objects::nonNull).mapToDouble(f).toArray();
        if (values.length == 1) {
            return num(values[0]);
        }
        return num(median(values)) + " (" + String.join(", ", Arrays.stream(values).mapToObj(ClusterTable::num)
                .toList()) + ")";
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
