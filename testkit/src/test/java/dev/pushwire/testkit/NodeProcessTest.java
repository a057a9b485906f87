package dev.pushwire.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeProcessTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Test
    void statusServerPrintsItsPortAndAnswersWithTheGivenStatusAndBody() throws Exception {
        try (NodeProcess server = NodeProject.start("status-server.js", "0", "401", "no token")) {
            int port = server.awaitListeningPort(DEADLINE);
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).isEqualTo("no token");
            assertThat(server.awaitLine(l -> l.startsWith("request "), DEADLINE)).isEqualTo("request GET /x");
        }
    }

    @Test
    void awaitLineFailsWithTheOutputWhenTheProcessEnds() {
        try (NodeProcess bad = NodeProject.start("status-server.js", "not-a-port")) {
            assertThatThrownBy(() -> bad.awaitListeningPort(DEADLINE))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("process ended");
        }
    }

    @Test
    void closeKillsTheProcess() {
        NodeProcess server = NodeProject.start("echo-server.js", "0");
        server.awaitListeningPort(DEADLINE);
        server.close();
        assertThat(server.isAlive()).isFalse();
    }
}
