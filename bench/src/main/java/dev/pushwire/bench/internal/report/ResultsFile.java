package dev.pushwire.bench.internal.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes {@link RunReport}s as pretty JSON. Thread-safe. */
public final class ResultsFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsFile() {
    }

    /** Writes {@code report} to {@code dir/ws-<date>.json} and returns the path. */
    public static Path write(Path dir, RunReport report) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("ws-" + report.date().replace(":", "") + ".json");
        JSON.writeValue(file.toFile(), report);
        return file;
    }

    /** Reads a report written by {@link #write}. */
    public static RunReport read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), RunReport.class);
    }
}
