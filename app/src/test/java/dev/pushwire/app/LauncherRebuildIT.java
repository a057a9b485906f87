package dev.pushwire.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When {@code ./pushwire} rebuilds the jar: in a copy of the launcher beside a stand-in {@code mvnw} that records
 * its arguments and "builds" by copying the real fat jar, so the decision is tested without running Maven.
 */
class LauncherRebuildIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path repo;
    private Path calls;
    private Path source;
    private Path jar;

    @BeforeEach
    void fakeRepository() throws IOException {
        Files.copy(RunningProcess.repoRoot().resolve("pushwire"), repo.resolve("pushwire"));
        calls = repo.resolve("mvnw-calls.log");
        Files.writeString(repo.resolve("mvnw"), "#!/usr/bin/env bash\n"
                + "echo \"$*\" >> " + calls + "\n"
                + "mkdir -p app/target && cp '" + RunningProcess.fatJar() + "' app/target/pushwire.jar\n");
        Files.setPosixFilePermissions(repo.resolve("mvnw"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        Files.createDirectories(repo.resolve("core/src/main/java"));
        Files.createDirectories(repo.resolve("core/src/test/java"));
        Files.writeString(repo.resolve("core/pom.xml"), "<project/>");
        source = Files.writeString(repo.resolve("core/src/main/java/A.java"), "class A {}");
        Files.writeString(repo.resolve("core/src/test/java/ATest.java"), "class ATest {}");
        Files.createDirectories(repo.resolve("app/src/main/java"));
        Files.writeString(repo.resolve("app/pom.xml"), "<project/>");
        jar = repo.resolve("app/target/pushwire.jar");
        setAllTimes(Instant.now().minusSeconds(3600));
    }

    @Test
    void buildsWhenTheJarIsMissingThenRunsIt() throws IOException {
        assertThat(runVersion()).isEqualTo(List.of("pushwire " + version()));
        assertThat(Files.readAllLines(calls)).containsExactly("-q -B -DskipTests -pl app -am package");
    }

    @Test
    void doesNotBuildWhenTheJarIsNewerThanEverySource() throws IOException {
        runVersion();
        runVersion();
        assertThat(Files.readAllLines(calls)).hasSize(1);
    }

    @Test
    void rebuildsWhenAMainSourceOrAPomIsNewerButNotForATestSource() throws IOException {
        runVersion();
        Instant built = Files.getLastModifiedTime(jar).toInstant();

        Files.setLastModifiedTime(repo.resolve("core/src/test/java/ATest.java"), FileTime.from(built.plusSeconds(10)));
        runVersion();
        assertThat(Files.readAllLines(calls)).as("a test source does not go into the jar").hasSize(1);

        Files.setLastModifiedTime(source, FileTime.from(built.plusSeconds(10)));
        runVersion();
        assertThat(Files.readAllLines(calls)).as("a main source changed").hasSize(2);

        Files.setLastModifiedTime(jar, FileTime.from(built.plusSeconds(20)));
        Files.setLastModifiedTime(repo.resolve("core/pom.xml"), FileTime.from(built.plusSeconds(30)));
        runVersion();
        assertThat(Files.readAllLines(calls)).as("a module pom changed").hasSize(3);
    }

    private List<String> runVersion() {
        try (RunningProcess p = RunningProcess.start(repo, Map.of(), List.of("bash", "./pushwire", "--version"))) {
            assertThat(p.awaitExit(TIMEOUT)).as(p.output()).isZero();
            return p.stdout();
        }
    }

    private static String version() {
        try (RunningProcess p = RunningProcess.pushwireJar(List.of(), List.of("--version"))) {
            p.awaitExit(TIMEOUT);
            return p.stdout().get(0).substring("pushwire ".length());
        }
    }

    private void setAllTimes(Instant t) throws IOException {
        try (var files = Files.walk(repo)) {
            for (Path f : files.toList()) {
                Files.setLastModifiedTime(f, FileTime.from(t));
            }
        }
    }
}
