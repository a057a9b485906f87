package dev.pushwire.app.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pushwire publish CHANNEL DATA}: one call to the hub's HTTP publish API ({@code POST /api/publish}). Prints
 * the publication's position as {@code EPOCH:OFFSET}.
 *
 * <p>Exit codes: 0 published, 1 the server refused (its error is printed) or could not be reached, 2 usage.
 */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Publishes DATA to CHANNEL through the server's publish API and prints EPOCH:OFFSET.",
            "DATA is sent as JSON when it parses as JSON, else as a JSON string."})
public final class PublishCommand implements Callable<Integer> {
    /**
     * Built on first use: picocli instantiates every subcommand to parse any command line, and an ObjectMapper
     * loads about 375 Jackson classes, for nothing in commands without JSON ({@code connect}, {@code --version}).
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CHANNEL", description = "the channel, e.g. news or chat:lobby")
    String channel;

    @Parameters(index = "1", paramLabel = "DATA", description = "a JSON value, or text")
    String data;

    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:PUSHWIRE_SERVER:-http://127.0.0.1:8080}",
            description = "the server (default ${DEFAULT-VALUE}; env PUSHWIRE_SERVER)")
    String server;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:PUSHWIRE_API_KEY}",
            description = "the publish API key (env PUSHWIRE_API_KEY)")
    String apiKey;

    @Override
    public Integer call() throws Exception {
        if (apiKey == null || apiKey.isEmpty()) {
            spec.commandLine().getErr().println("error: the publish API needs a key: --api-key KEY or PUSHWIRE_API_KEY");
            return 2;
        }
        ObjectNode body = Json.MAPPER.createObjectNode().put("channel", channel);
        JsonNode value;
        try {
            value = Json.MAPPER.readTree(data);
        } catch (Exception notJson) {
            value = null;
        }
        if (value == null || value.isMissingNode()) {
            body.put("data", data);
        } else {
            body.set("data", value);
        }
        String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        base = base.replaceFirst("^ws://", "http://").replaceFirst("^wss://", "https://");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/publish"))
                .timeout(Duration.ofSeconds(10))
                .header("X-API-Key", apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println("error: cannot reach " + base + ": " + e.getMessage());
            return 1;
        }
        JsonNode answer = Json.MAPPER.readTree(response.body().isEmpty() ? "{}" : response.body());
        if (response.statusCode() != 200) {
            spec.commandLine().getErr().println("error: " + response.statusCode() + " "
                    + answer.path("error").asText() + ": " + answer.path("message").asText());
            return 1;
        }
        spec.commandLine().getOut().println(answer.path("epoch").asText() + ":" + answer.path("offset").asLong());
        return 0;
    }
}
