package dev.pushwire.bench.internal.transports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Markdown for docs/TRANSPORTS.md from one or more runs: a header (commands, dates, load averages, machine), one
 * table per load with a row per system (the median over the runs whose cell was valid, each run's value in
 * parentheses; lost and duplicated summed over every run; a cell refused in every run shows why), the ratios of
 * each Pushwire transport to the Node peer of the same transport, the targets met or missed, and the hub
 * beside the raw broadcast. Stateless.
 */
final class TransportsTable {
    private static final ToDoubleFunction<TransportResults.Cell> BYTES_DOWN = TransportResults.Cell::downBytesPerMessage;
    private static final ToDoubleFunction<TransportResults.Cell> BYTES_UP = TransportResults.Cell::upBytesPerMessage;
    private static final ToDoubleFunction<TransportResults.Cell> REQUESTS = TransportResults.Cell::requestsPerMessage;
    private TransportsTable() {
    }

    static String render(List<TransportResults> runs) {
        StringBuilder sb = new StringBuilder();
        sb.append("| run | date (UTC) | command | load average before / after |\n|---|---|---|---|\n");
        for (int i = 0; i < runs.size(); i++) {
            TransportResults r = runs.get(i);
            sb.append("| ").append(i + 1).append(" | ").append(r.date()).append(" | `").append(r.command())
                    .append("` | ").append(r.loadBefore()).append(" / ").append(r.loadAfter()).append(" |\n");
        }
        if (!runs.isEmpty()) {
            Map<String, String> m = runs.get(0).machine();
            sb.append("\nMachine: ").append(m.get("nproc")).append(" cores (").append(m.get("cpu")).append("), ")
                    .append(m.get("memory")).append(", Linux ").append(m.get("kernel")).append(", ").append(m.get("jdk"))
                    .append(". Window: ").append(runs.get(0).window()).append(". ").append(runs.get(0).versions())
                    .append(".\n");
        }
        Map<String, Map<String, List<TransportResults.Cell>>> byLoad = new LinkedHashMap<>();
        for (TransportResults r : runs) {
            for (TransportResults.Cell c : r.cells()) {
                byLoad.computeIfAbsent(c.load(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(c.system(), k -> new ArrayList<>()).add(c);
            }
        }
        for (Map.Entry<String, Map<String, List<TransportResults.Cell>>> load : byLoad.entrySet()) {
            String[] cr = load.getKey().split("x");
            sb.append("\n| ").append(String.format(Locale.ROOT, "%,d", Integer.parseInt(cr[0]))).append(" clients × ")
                    .append(cr[1]).append(" msg/s | p50 ms | p99 ms | server CPU % | server CPU µs / delivery "
                    + "| server RSS MiB | down B/msg | up B/msg | requests/msg | client CPU % (max process) "
                    + "| client loop late p99 ms | lost | duplicated |\n");
            sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Map.Entry<String, List<TransportResults.Cell>> e : load.getValue().entrySet()) {
                List<TransportResults.Cell> all = e.getValue();
                List<TransportResults.Cell> ok = valid(all);
                sb.append("| ").append(e.getKey());
                if (ok.isEmpty()) {
                    TransportResults.Cell last = all.get(all.size() - 1);
                    sb.append(" | ").append(last.valid() ? "nothing delivered: " + last.firstClientError()
                                    : "refused: " + last.invalidReason())
                            .append(" | | | | | | | | | | ");
                } else {
                    for (ToDoubleFunction<TransportResults.Cell> f : List.<ToDoubleFunction<TransportResults.Cell>>of(
                            TransportResults.Cell::p50Ms, TransportResults.Cell::p99Ms,
                            TransportResults.Cell::serverCpuPct, TransportResults.Cell::serverCpuMicrosPerDelivery,
                            TransportResults.Cell::serverRssMiB, BYTES_DOWN, BYTES_UP, REQUESTS,
                            TransportResults.Cell::clientCpuMaxPct, TransportResults.Cell::clientLagP99Ms)) {
                        boolean wire = f == BYTES_DOWN || f == BYTES_UP || f == REQUESTS;
                        sb.append(" | ").append(wire && !all.get(0).relayed() ? "-" : values(all, f));
                    }
                }
                sb.append(" | ").append(all.stream().mapToLong(TransportResults.Cell::lost).sum())
                        .append(" | ").append(all.stream().mapToLong(TransportResults.Cell::duplicated).sum())
                        .append(" |\n");
            }
            List<String> refused = new ArrayList<>();
            for (List<TransportResults.Cell> all : load.getValue().values()) {
                for (int i = 0; i < all.size(); i++) {
                    if (!all.get(i).valid() && valid(all).size() > 0) {
                        refused.add(all.get(i).system() + " (a run's cell): " + all.get(i).invalidReason());
                    }
                }
            }
            refused.forEach(x -> sb.append("\nrefused, not in the medians: ").append(x));
            if (!refused.isEmpty()) {
                sb.append('\n');
            }
        }
        ratios(sb, byLoad);
        targets(sb, byLoad);
        hub(sb, byLoad);
        for (TransportResults r : runs) {
            r.problems().forEach(p -> sb.append("\nproblem (").append(r.date()).append("): ").append(p));
        }
        return sb.toString();
    }

    /** Each Pushwire transport over the Node peer of the same transport, per load. */
    private static void ratios(StringBuilder sb, Map<String, Map<String, List<TransportResults.Cell>>> byLoad) {
        StringBuilder rows = new StringBuilder();
        for (Map.Entry<String, Map<String, List<TransportResults.Cell>>> load : byLoad.entrySet()) {
            for (TransportSystem s : TransportSystem.values()) {
                List<TransportResults.Cell> ours = valid(load.getValue().get(s.id()));
                List<TransportResults.Cell> theirs = s.nodePeer() == null ? List.of() : valid(load.getValue().get(s.nodePeer()));
                if (ours.isEmpty() || theirs.isEmpty()) {
                    continue;
                }
                rows.append("| ").append(s.id()).append(" / ").append(s.nodePeer()).append(" | ").append(load.getKey())
                        .append(" | ").append(ratio(ours, theirs, TransportResults.Cell::serverCpuMicrosPerDelivery))
                        .append(" | ").append(ratio(ours, theirs, TransportResults.Cell::p99Ms))
                        .append(" | ").append(ratio(ours, theirs, TransportResults.Cell::downBytesPerMessage))
                        .append(" | ").append(ratio(ours, theirs, TransportResults.Cell::requestsPerMessage))
                        .append(" |\n");
            }
        }
        if (rows.length() > 0) {
            sb.append("\n| Pushwire / Node, same transport | load | CPU per delivery | p99 | down bytes/msg "
                    + "| requests/msg |\n|---|---|---:|---:|---:|---:|\n").append(rows);
        }
    }

    /** The targets (issue 16, item 4), met or missed, per load. */
    private static void targets(StringBuilder sb, Map<String, Map<String, List<TransportResults.Cell>>> byLoad) {
        StringBuilder rows = new StringBuilder();
        for (Map.Entry<String, Map<String, List<TransportResults.Cell>>> load : byLoad.entrySet()) {
            Map<String, List<TransportResults.Cell>> m = load.getValue();
            String l = load.getKey();
            for (TransportSystem s : TransportSystem.values()) {
                List<TransportResults.Cell> ours = valid(m.get(s.id()));
                List<TransportResults.Cell> theirs = s.nodePeer() == null ? List.of() : valid(m.get(s.nodePeer()));
                if (ours.isEmpty() || theirs.isEmpty()) {
                    continue;
                }
                target(rows, l, s.id() + " CPU per delivery ≤ " + s.nodePeer() + "'s",
                        med(ours, TransportResults.Cell::serverCpuMicrosPerDelivery),
                        med(theirs, TransportResults.Cell::serverCpuMicrosPerDelivery), 1.0, "µs");
                target(rows, l, s.id() + " p99 ≤ " + s.nodePeer() + "'s", med(ours, TransportResults.Cell::p99Ms),
                        med(theirs, TransportResults.Cell::p99Ms), 1.0, "ms");
            }
            List<TransportResults.Cell> sse = valid(m.get(TransportSystem.PUSHWIRE_SSE.id()));
            List<TransportResults.Cell> plainSse = valid(m.get(TransportSystem.NODE_SSE.id()));
            if (!sse.isEmpty() && !plainSse.isEmpty()) {
                target(rows, l, "pushwire-sse bytes down/msg within 10 % of node-sse's",
                        med(sse, TransportResults.Cell::downBytesPerMessage),
                        med(plainSse, TransportResults.Cell::downBytesPerMessage), 1.1, "B");
            }
            List<TransportResults.Cell> lp = valid(m.get(TransportSystem.PUSHWIRE_LONGPOLLING.id()));
            if (!lp.isEmpty() && lp.get(0).rate() >= 100) {
                target(rows, l, "pushwire-longpolling ≤ 0.3 requests/msg at 100 msg/s",
                        med(lp, TransportResults.Cell::requestsPerMessage), 0.3, 1.0, "");
            }
            List<TransportResults.Cell> sio = valid(m.get(TransportSystem.SOCKETIO_POLLING.id()));
            if (!lp.isEmpty() && !sio.isEmpty()) {
                target(rows, l, "pushwire-longpolling p99 ≤ socketio-polling's", med(lp, TransportResults.Cell::p99Ms),
                        med(sio, TransportResults.Cell::p99Ms), 1.0, "ms");
            }
        }
        if (rows.length() > 0) {
            sb.append("\n| target (issue 16) | load | Pushwire | bound | met |\n|---|---|---:|---:|---|\n").append(rows);
        }
    }

    private static void target(StringBuilder rows, String load, String what, double ours, double reference,
                               double factor, String unit) {
        double bound = reference * factor;
        rows.append("| ").append(what).append(" | ").append(load).append(" | ").append(fmt(ours)).append(unit.isEmpty() ? "" : " " + unit)
                .append(" | ").append(fmt(bound)).append(unit.isEmpty() ? "" : " " + unit).append(" | ")
                .append(ours <= bound ? "yes" : String.format(Locale.ROOT, "no (%.2fx)", ours / reference)).append(" |\n");
    }

    /** The hub's overhead: the hub system beside the raw broadcast ({@code pushwire-websocket}) at its loads. */
    private static void hub(StringBuilder sb, Map<String, Map<String, List<TransportResults.Cell>>> byLoad) {
        StringBuilder rows = new StringBuilder();
        for (Map.Entry<String, Map<String, List<TransportResults.Cell>>> load : byLoad.entrySet()) {
            List<TransportResults.Cell> hub = valid(load.getValue().get(TransportSystem.PUSHWIRE_HUB.id()));
            List<TransportResults.Cell> raw = valid(load.getValue().get(TransportSystem.PUSHWIRE_WEBSOCKET.id()));
            if (hub.isEmpty() || raw.isEmpty()) {
                continue;
            }
            rows.append("| ").append(load.getKey())
                    .append(" | ").append(ratio(hub, raw, TransportResults.Cell::p50Ms))
                    .append(" | ").append(ratio(hub, raw, TransportResults.Cell::p99Ms))
                    .append(" | ").append(ratio(hub, raw, TransportResults.Cell::serverCpuMicrosPerDelivery))
                    .append(" | ").append(fmt(med(hub, TransportResults.Cell::serverCpuPct))).append(" / ")
                    .append(fmt(med(raw, TransportResults.Cell::serverCpuPct)))
                    .append(" |\n");
        }
        if (rows.length() > 0) {
            sb.append("\n| hub / raw broadcast (pushwire-hub / pushwire-websocket), load | p50 | p99 | CPU per delivery "
                    + "| server CPU %, hub / raw |\n|---|---:|---:|---:|---:|\n").append(rows);
        }
    }

    private static String ratio(List<TransportResults.Cell> ours, List<TransportResults.Cell> theirs,
                                ToDoubleFunction<TransportResults.Cell> f) {
        double b = med(theirs, f);
        return b == 0 ? "-" : String.format(Locale.ROOT, "%.2fx", med(ours, f) / b);
    }

    private static List<TransportResults.Cell> valid(List<TransportResults.Cell> cells) {
        return cells == null ? List.of() : cells.stream().filter(c -> c.valid() && c.delivered() > 0).toList();
    }

    private static double med(List<TransportResults.Cell> cells, ToDoubleFunction<TransportResults.Cell> f) {
        return median(cells, f);
    }

    /** The median of the valid runs, then every run's value in parentheses (refused ones marked) when several. */
    private static String values(List<TransportResults.Cell> all, ToDoubleFunction<TransportResults.Cell> f) {
        String m = fmt(median(valid(all), f));
        if (all.size() < 2) {
            return m;
        }
        List<String> each = new ArrayList<>();
        for (TransportResults.Cell c : all) {
            each.add(fmt(f.applyAsDouble(c)) + (c.valid() ? "" : "†"));
        }
        return m + " (" + String.join(", ", each) + ")";
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
