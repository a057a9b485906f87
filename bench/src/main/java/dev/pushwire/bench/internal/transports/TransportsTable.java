package dev.pushwire.bench.internal.transports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Markdown for docs/TRANSPORTS.md from one or more runs: a header (commands, dates, machine, load) and one row
 * per transport and load with the median of the runs (the mean of the middle two for an even count) in which
 * something was delivered; missing and duplicated messages are summed over all the runs. Stateless.
 */
final class TransportsTable {
    private TransportsTable() {
    }

    static String render(List<TransportResults> runs) {
        StringBuilder sb = new StringBuilder();
        sb.append("| run | date (UTC) | command | load before / after |\n|---|---|---|---|\n");
        for (int i = 0; i < runs.size(); i++) {
            TransportResults r = runs.get(i);
            sb.append("| ").append(i + 1).append(" | ").append(r.date()).append(" | `").append(r.command())
                    .append("` | ").append(r.loadBefore()).append(" / ").append(r.loadAfter()).append(" |\n");
        }
        if (!runs.isEmpty()) {
            Map<String, String> m = runs.get(0).machine();
            sb.append("\nMachine: ").append(m.get("nproc")).append(" cores (").append(m.get("cpu")).append("), ")
                    .append(m.get("memory")).append(", Linux ").append(m.get("kernel")).append(", ").append(m.get("jdk"))
                    .append(". Window per rate: ").append(runs.get(0).windowPerRate()).append(".\n\n");
        }
        Map<String, List<TransportResults.Cell>> byKey = new LinkedHashMap<>();
        for (TransportResults r : runs) {
            for (TransportResults.Cell c : r.cells()) {
                byKey.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
            }
        }
        sb.append("| transport | clients | msg/s | latency p50 ms | p99 ms | max ms | bytes down / msg | bytes up / msg "
                + "| HTTP requests / msg | server CPU % | server RSS MiB | client CPU % | missing | duplicated |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (List<TransportResults.Cell> all : byKey.values()) {
            TransportResults.Cell c = all.get(0);
            // a run in which nothing arrived has no latency or per-message cost: its missing count says so
            List<TransportResults.Cell> cells = all.stream().filter(x -> x.delivered() > 0).toList();
            sb.append("| ").append(c.transport()).append(" | ").append(c.clients()).append(" | ").append(c.rate())
                    .append(" | ").append(fmt(median(cells, TransportResults.Cell::p50Ms)))
                    .append(" | ").append(fmt(median(cells, TransportResults.Cell::p99Ms)))
                    .append(" | ").append(fmt(median(cells, TransportResults.Cell::maxMs)))
                    .append(" | ").append(fmt(median(cells, TransportResults.Cell::downBytesPerMessage)))
                    .append(" | ").append(fmt(median(cells, TransportResults.Cell::upBytesPerMessage)))
                    .append(" | ").append(fmt(median(cells, TransportResults.Cell::requestsPerMessage)))
                    .append(" | ").append(fmt(median(cells, TransportResults.Cell::serverCpuPct)))
                    .append(" | ").append(fmt(median(cells, TransportResults.Cell::serverRssMiB)))
                    .append(" | ").append(fmt(median(cells, TransportResults.Cell::clientCpuPct)))
                    .append(" | ").append(all.stream().mapToLong(TransportResults.Cell::missing).sum())
                    .append(" | ").append(all.stream().mapToLong(TransportResults.Cell::duplicated).sum())
                    .append(" |\n");
        }
        for (TransportResults r : runs) {
            r.problems().forEach(p -> sb.append("\nproblem (").append(r.date()).append("): ").append(p));
        }
        return sb.toString();
    }

    static double median(List<TransportResults.Cell> cells, ToDoubleFunction<TransportResults.Cell> f) {
        double[] v = cells.stream().mapToDouble(f).sorted().toArray();
        int n = v.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", v);
    }

}
