package dev.pushwire.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/spring-boot.md lists every {@code pushwire.*} property with the type, default and description of the
 * configuration metadata the build generates from {@link PushwireProperties} (what IDEs complete), and nothing else.
 */
class SpringBootPropertiesDocTest {
    private static final Pattern ROW = Pattern.compile(
            "^\\| `(pushwire\\.[a-z0-9.-]+)` \\| `?([^|`]+?)`? \\| (.+?) \\| (.+) \\|$", Pattern.MULTILINE);

    @Test
    void theDocsTableIsTheGeneratedMetadata() throws Exception {
        Map<String, String> documented = new TreeMap<>();
        Matcher m = ROW.matcher(Files.readString(docs()));
        while (m.find()) {
            documented.put(m.group(1), m.group(2) + " | " + m.group(3) + " | " + m.group(4));
        }
        Map<String, String> generated = new TreeMap<>();
        for (JsonNode p : metadata().path("properties")) {
            if (!p.path("name").asText().startsWith("pushwire.")) {
                continue;  // management.health.pushwire.enabled: documented in the Health section
            }
            generated.put(p.path("name").asText(), type(p.path("type").asText()) + " | "
                    + defaultValue(p.path("defaultValue")) + " | " + p.path("description").asText().replace("|", "\\|"));
        }
        assertThat(generated).hasSizeGreaterThan(50);
        assertThat(documented).as("rows of the table in docs/spring-boot.md").isEqualTo(generated);
    }

    /** {@code java.util.List<java.lang.String>} as {@code List<String>}, a nested class without its outer class. */
    private static String type(String javaType) {
        return javaType.replaceAll("[a-z0-9_]+\\.", "").replace("PushwireProperties$", "").replace(",", ", ");
    }

    private static String defaultValue(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "none";
        }
        return value.asText().isEmpty() ? "empty" : "`" + value.asText() + "`";
    }

    private static JsonNode metadata() throws Exception {
        try (InputStream in = SpringBootPropertiesDocTest.class
                .getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("the configuration processor's metadata").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    private static Path docs() {
        String root = System.getProperty("pushwire.repoRoot");
        Path base = root != null ? Path.of(root) : Path.of("..");
        return base.resolve("docs/spring-boot.md");
    }
}
