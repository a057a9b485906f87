package dev.pushwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code ./pushwire} launcher at the repository root, run as a user runs it. */
class LauncherIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void jarWasBuiltByThisBuild() {
        // Without the jar the launcher would start a Maven build of its own from inside this one.
        RunningProcess.fatJar();
    }

    @Test
    void serveOnAFreePortAnswersTheDemoPageAndHealth() throws Exception {
        int port = freePort();
        try (RunningProcess serve = RunningProcess.start(RunningProcess.repoRoot(), Map.of(),
                List.of("bash", "./pushwire", "serve", "--host", "127.0.0.1", "--port", Integer.toString(port)))) {
            String base = "http://127.0.0.1:" + port;
            await("GET /health answers 200").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().untilAsserted(() -> assertThat(get(base + "/health").statusCode()).isEqualTo(200));

            HttpResponse<String> health = get(base + "/health");
            assertThat(health.body()).isEqualTo("{\"status\":\"up\"}");
            assertThat(health.headers().firstValue("content-type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/json"));

            HttpResponse<String> index = get(base + "/");
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.headers().firstValue("content-type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/html"));
            assertThat(index.body()).contains("<title>Pushwire demo</title>").contains("/seed/polling.html");

            assertThat(serve.stderr()).as("the jar was up to date, so the launcher did not rebuild it")
                    .noneMatch(l -> l.contains("building"));
            assertThat(serve.terminate(TIMEOUT)).as("exit code after SIGTERM; " + serve.output())
                    .isIn(0, 143);
        }
    }

    @Test
    void versionRunsThroughTheLauncher() {
        try (RunningProcess version = RunningProcess.start(RunningProcess.repoRoot(), Map.of(),
                List.of("bash", "./pushwire", "--version"))) {
            assertThat(version.awaitExit(TIMEOUT)).as(version.output()).isZero();
            assertThat(version.stdout()).singleElement().satisfies(l -> assertThat(l).matches("pushwire \\S+"));
        }
    }

    @Test
    void runsTheJarWithTheFlagsOfAppJvmOptions() {
        // JDK_JAVA_OPTIONS reaches the java launcher without passing through ours: it shows the flags ours gave.
        try (RunningProcess version = RunningProcess.start(RunningProcess.repoRoot(),
                Map.of("JDK_JAVA_OPTIONS", "-XX:+PrintCommandLineFlags"), List.of("bash", "./pushwire", "--version"))) {
            assertThat(version.awaitExit(TIMEOUT)).as(version.output()).isZero();
            assertThat(version.stdout()).as(version.output()).anySatisfy(l -> assertThat(l)
                    .contains("-XX:+UseSerialGC", "-XX:NewSize=16777216", "-XX:TrimNativeHeapInterval=5000"));
            assertThat(version.stdout()).anySatisfy(l -> assertThat(l).matches("pushwire \\S+"));
        }
    }

    @Test
    void pushwireJvmOptsReplacesTheDefaultFlags() {
        try (RunningProcess version = RunningProcess.start(RunningProcess.repoRoot(),
                Map.of("PUSHWIRE_JVM_OPTS", "-XX:+UseParallelGC -XX:+PrintCommandLineFlags"),
                List.of("bash", "./pushwire", "--version"))) {
            assertThat(version.awaitExit(TIMEOUT)).as(version.output()).isZero();
            assertThat(version.stdout()).as(version.output()).anySatisfy(l -> assertThat(l)
                    .contains("-XX:+UseParallelGC").doesNotContain("UseSerialGC", "NewSize=16777216"));
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
