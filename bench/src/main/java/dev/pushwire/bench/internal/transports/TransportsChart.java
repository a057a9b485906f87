package dev.pushwire.bench.internal.transports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The comparison as an SVG chart, written by hand (no plotting library): two panels with log-scale y axes:
 * publish → receive latency (median bar, p99 tick) and bytes on the wire per delivered message (down + up), one
 * group of bars per system and one bar per load (clients × rate; the hub scenario's loads are left out). Values
 * are medians over the runs whose cell was valid. Stateless.
 */
final class TransportsChart {
    private static final String[] RATE_COLOURS = {"#9ecae1", "#4292c6", "#08306b", "#6baed6", "#2171b5"};
    private static final int WIDTH = 960;
    private static final int PANEL_HEIGHT = 300;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;

    private TransportsChart() {
    }

    static String render(List<TransportResults> runs) {
        Map<String, Map<Integer, List<TransportResults.Cell>>> data = new LinkedHashMap<>();
        TreeSet<Integer> rates = new TreeSet<>(); // loads, as clients * 100,000 + rate (clients first)
        for (TransportResults r : runs) {
            for (TransportResults.Cell c : r.cells()) {
                if (c.clients() < 10_000 && !c.system().equals(TransportSystem.PUSHWIRE_HUB.id()) && c.valid()) {
                    int load = c.clients() * 100_000 + c.rate();
                    data.computeIfAbsent(c.system(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(load, k -> new ArrayList<>()).add(c);
                    rates.add(load);
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        int height = 2 * PANEL_HEIGHT + 126;
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n", WIDTH, height, WIDTH, height));
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        String when = runs.isEmpty() ? "" : runs.get(0).date().substring(0, 10);
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Push of a "
                + "60-byte message to Node clients (median of %d run%s, %s, loopback, 2 cores)</text>\n", LEFT,
                runs.size(), runs.size() == 1 ? "" : "s", when));
        legend(sb, rates, 40);
        panel(sb, data, rates, 60, "latency publish \u2192 receive, ms (bar p50, tick p99; log scale)",
                TransportResults.Cell::p50Ms, TransportResults.Cell::p99Ms);
        panel(sb, data, rates, 60 + PANEL_HEIGHT + 40, "bytes on the wire per delivered message, down + up (log scale)",
                c -> c.downBytesPerMessage() + c.upBytesPerMessage(), null);
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#555\">! some messages lost in "
                + "that cell, \u00d7 nothing delivered (see docs/TRANSPORTS.md); bytes counted on the wire by a relay; "
                + "refused cells left out</text>\n", LEFT, height - 8));
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static void legend(StringBuilder sb, TreeSet<Integer> rates, int y) {
        int x = LEFT;
        int i = 0;
        for (int rate : rates) {
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>\n", x, y - 10, colour(i++), x + 16, y, loadLabel(rate)));
            x += 170;
        }
    }

    private static void panel(StringBuilder sb, Map<String, Map<Integer, List<TransportResults.Cell>>> data,
                              TreeSet<Integer> rates, int top, String title,
                              ToDoubleFunction<TransportResults.Cell> bar, ToDoubleFunction<TransportResults.Cell> tick) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Map<Integer, List<TransportResults.Cell>> byRate : data.values()) {
            for (List<TransportResults.Cell> cells : byRate.values()) {
                for (ToDoubleFunction<TransportResults.Cell> f : tick == null ? List.of(bar) : List.of(bar, tick)) {
                    double v = TransportsTable.median(cells, f);
                    if (v > 0) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
        }
        if (max == 0) {
            min = 1;
            max = 10;
        }
        int lo = (int) Math.floor(Math.log10(min));
        int hi = (int) Math.ceil(Math.log10(max));
        if (hi == lo) {
            hi++;
        }
        int plotTop = top + 20;
        int plotBottom = top + PANEL_HEIGHT - 30;
        int plotWidth = WIDTH - LEFT - RIGHT;
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>\n", LEFT, top + 10,
                escape(title)));
        for (int d = lo; d <= hi; d++) {
            double y = y(Math.pow(10, d), lo, hi, plotTop, plotBottom);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", LEFT, WIDTH - RIGHT, y, y,
                    LEFT - 6, y + 4, label(d)));
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", LEFT,
                WIDTH - RIGHT, plotBottom, plotBottom));
        int groups = Math.max(1, data.size());
        double groupWidth = (double) plotWidth / groups;
        double barWidth = Math.min(24, (groupWidth - 16) / Math.max(1, rates.size()));
        int g = 0;
        for (Map.Entry<String, Map<Integer, List<TransportResults.Cell>>> e : data.entrySet()) {
            double gx = LEFT + g * groupWidth;
            double bx = gx + (groupWidth - barWidth * rates.size()) / 2;
            int i = 0;
            for (int rate : rates) {
                List<TransportResults.Cell> all = e.getValue().get(rate);
                List<TransportResults.Cell> cells = all == null ? null
                        : all.stream().filter(c -> c.delivered() > 0).toList();
                if (all != null && cells.isEmpty()) {
                    sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" "
                            + "fill=\"#d62728\">\u00d7</text>\n", bx + i * barWidth + barWidth / 2, plotBottom - 4));
                } else if (cells != null) {
                    if (all.stream().anyMatch(c -> c.lost() > 0)) {
                        double highest = TransportsTable.median(cells, tick == null ? bar : tick);
                        double yTop = y(Math.max(highest, Math.pow(10, lo)), lo, hi, plotTop, plotBottom);
                        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                                + "fill=\"#d62728\">!</text>\n", bx + i * barWidth + barWidth / 2, yTop - 4));
                    }
                    double v = TransportsTable.median(cells, bar);
                    double yv = y(Math.max(v, Math.pow(10, lo)), lo, hi, plotTop, plotBottom);
                    sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                                    + "fill=\"%s\"><title>%s, %s: %s</title></rect>\n", bx + i * barWidth, yv,
                            barWidth - 2, plotBottom - yv, colour(i), escape(e.getKey()), loadLabel(rate), TransportsTable.fmt(v)));
                    if (tick != null) {
                        double t = TransportsTable.median(cells, tick);
                        double yt = y(Math.max(t, Math.pow(10, lo)), lo, hi, plotTop, plotBottom);
                        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" "
                                + "stroke=\"#d62728\" stroke-width=\"2\"/>\n", bx + i * barWidth, bx + (i + 1) * barWidth - 2, yt, yt));
                    }
                }
                i++;
            }
            // every other label one line lower, so that long system names do not run into each other
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                    gx + groupWidth / 2, plotBottom + 16 + (g % 2) * 13, escape(e.getKey())));
            g++;
        }
    }

    private static String loadLabel(int load) {
        return String.format(Locale.ROOT, "%,d clients \u00d7 %d msg/s", load / 100_000, load % 100_000);
    }

    private static double y(double v, int lo, int hi, int top, int bottom) {
        double f = (Math.log10(v) - lo) / (hi - lo);
        return bottom - f * (bottom - top);
    }

    private static String label(int decade) {
        double v = Math.pow(10, decade);
        return decade >= 0 ? String.format(Locale.ROOT, "%,d", (long) v) : String.format(Locale.ROOT, "%s", v);
    }

    private static String colour(int i) {
        return RATE_COLOURS[i % RATE_COLOURS.length];
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
