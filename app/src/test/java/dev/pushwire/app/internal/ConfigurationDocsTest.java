package dev.pushwire.app.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.app.Main;
import dev.pushwire.app.ServeSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/configuration.md and {@code serve --help} list every setting the code knows. */
class ConfigurationDocsTest {
    @Test
    void configurationPageNamesEveryKeyFlagAndEnvironmentVariable() throws IOException {
        String root = System.getProperty("pushwire.repoRoot", "..");
        String doc = Files.readString(Path.of(root, "docs", "configuration.md"));
        for (ServeSetting s : ServeSetting.values()) {
            assertThat(doc).as(s.key()).contains("| `" + s.key() + "` | `" + s.flag() + "` | `" + s.envVar() + "` |");
        }
    }

    @Test
    void serveHelpListsEveryFlagWithItsVariableAndDefault() {
        String help = Main.commandLine(Map.of()).getSubcommands().get("serve").getUsageMessage();
        for (ServeSetting s : ServeSetting.values()) {
            assertThat(help).as(s.key()).contains(s.flag()).contains(s.envVar());
        }
        assertThat(help).contains("--config").contains("default " + ServeSetting.PORT.valueIn(ServeSettings.DEFAULT));
    }
}
