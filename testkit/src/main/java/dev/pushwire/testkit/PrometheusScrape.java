package dev.pushwire.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scrape of a Prometheus text endpoint ({@code /metrics}) over real HTTP, parsed into samples, so a test can
 * ask for a series as a user would read it: {@code scrape.value("pushwire_connections_open", "transport",
 * "websocket")}.
 *
 * <p>Understands the text format 0.0.4 as Micrometer writes it: {@code # HELP}/{@code # TYPE} comments, then one
 * sample per line, {@code name{label="value",...} number}. Immutable.
 */
public final class PrometheusScrape {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final int status;
    private final String contentType;
    private final String body;
    private final List<Sample> samples;

    private PrometheusScrape(int status, String contentType, String body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.samples = parse(body);
    }

    /** GETs {@code url} and parses the answer (whatever its status; check {@link #status()}). */
    public static PrometheusScrape of(URI url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new PrometheusScrape(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    /** Parses a body already fetched. */
    public static PrometheusScrape parse(String body, String contentType) {
        return new PrometheusScrape(200, contentType, body);
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    public String body() {
        return body;
    }

    public List<Sample> samples() {
        return samples;
    }

    /**
     * The value of the one sample named {@code name} whose labels include every given {@code label, value} pair, or
     * null if there is none.
     *
     * @throws IllegalStateException if several samples match (the labels given do not pick one series)
     */
    public Double value(String name, String... labelPairs) {
        Sample found = null;
        for (Sample s : samples) {
            if (s.name().equals(name) && s.has(labelPairs)) {
                if (found != null) {
                    throw new IllegalStateException("several series of " + name + " match " + List.of(labelPairs)
                            + ": " + found + " and " + s);
                }
                found = s;
            }
        }
        return found == null ? null : found.value();
    }

    /** Like {@link #value} but 0 when the series is absent (a counter Micrometer has not created yet). */
    public double count(String name, String... labelPairs) {
        Double v = value(name, labelPairs);
        return v == null ? 0 : v;
    }

    /** Whether any sample's name starts with {@code prefix}. */
    public boolean hasSeriesStartingWith(String prefix) {
        return samples.stream().anyMatch(s -> s.name().startsWith(prefix));
    }

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
        boolean has(String... pairs) {
            if (pairs.length % 2 != 0) {
                throw new IllegalArgumentException("labels come in name, value pairs");
            }
            for (int i = 0; i < pairs.length; i += 2) {
                if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
                    return false;
                }
            }
            return true;
        }
    }

    private static List<Sample> parse(String body) {
        List<Sample> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space;
            String name;
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0 && brace < line.indexOf(' ')) {
                name = line.substring(0, brace);
                int end = parseLabels(line, brace + 1, labels);
                space = end + 1;
            } else {
                space = line.indexOf(' ');
                name = line.substring(0, space);
            }
            String rest = line.substring(space).trim();
            int more = rest.indexOf(' '); // an optional timestamp
            String number = more < 0 ? rest : rest.substring(0, more);
            out.add(new Sample(name, labels, parseNumber(number)));
        }
        return out;
    }

    /** Parses {@code a="x",b="y"} from {@code i}; returns the index of the closing brace. */
    private static int parseLabels(String line, int i, Map<String, String> labels) {
        while (line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            String key = line.substring(i, eq).trim();
            StringBuilder value = new StringBuilder();
            int j = eq + 2; // past ="
            while (line.charAt(j) != '"') {
                char c = line.charAt(j);
                if (c == '\\') {
                    char n = line.charAt(++j);
                    value.append(n == 'n' ? '\n' : n);
                } else {
                    value.append(c);
                }
                j++;
            }
            labels.put(key, value.toString());
            i = j + 1;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        return i;
    }

    private static double parseNumber(String s) {
        return switch (s) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }
}
