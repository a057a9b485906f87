package dev.pushwire.bench.internal.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LauncherJvmOptionsTest {
    @Test
    void flagsWithoutCommentsOrBlankLines() {
        assertThat(LauncherJvmOptions.parse(List.of("# why", "", "-XX:+UseSerialGC", "  -Xmn16m -Xss512k  # sizes")))
                .containsExactly("-XX:+UseSerialGC", "-Xmn16m", "-Xss512k");
    }

    @Test
    void theLaunchersFileHoldsOnlyFlags() throws Exception {
        // tests run in bench/: the launcher's file is the repository's app/jvm.options
        List<String> flags = LauncherJvmOptions.parse(Files.readAllLines(Path.of("..").resolve(LauncherJvmOptions.FILE)));
        assertThat(flags).isNotEmpty().allMatch(f -> f.startsWith("-"));
    }
}
