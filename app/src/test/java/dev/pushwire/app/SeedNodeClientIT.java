package dev.pushwire.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.testkit.ExternalTool;
import dev.pushwire.testkit.NodeProject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The seed's Node client ({@code node-client.js}, the repository's copy in {@code app/src/test/resources/seed}), unchanged, run by real Node with the real {@code ws}
 * package against {@code ./pushwire serve}'s {@code /} route.
 */
class SeedNodeClientIT {
    /** ws 8 hands text messages to the seed's handler as a Buffer, which console.log prints as hex bytes. */
    private static final Pattern BUFFER = Pattern.compile("message\\s+<Buffer ([0-9a-f ]+)>");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void seedNodeClientReceivesServerHelloAndTheServerLogsWhatItSent() {
        Path node = ExternalTool.NODE.require();
        NodeProject.ensureInstalled(); // the ws package, from testkit/node's lock file
        Path seedClient = SeedFiles.file("node-client.js");
        Map<String, String> env = Map.of("NODE_PATH", NodeProject.dir().resolve("node_modules").toString());

        try (PushwireServeProcess server = PushwireServeProcess.start();
             RunningProcess client = RunningProcess.start(seedClient.getParent(), env,
                     List.of(node.toString(), seedClient.toString(), server.ws("/")))) {
            String line = client.awaitStdout("the seed client's 'message <Buffer ...>' line",
                    l -> BUFFER.matcher(l).matches(), TIMEOUT);
            assertThat(bufferText(line)).isEqualTo("server hello");
            assertThat(client.stdout()).as("the first console.log(data) line").first()
                    .satisfies(first -> assertThat(first).startsWith("<Buffer 73 65 72 76 65 72"));

            server.process().awaitStdout("'received: hello world!' in the server log",
                    l -> l.endsWith("received: hello world!"), TIMEOUT);
        }
    }

    private static String bufferText(String line) {
        Matcher m = BUFFER.matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        byte[] bytes = HexFormat.of().parseHex(m.group(1).replace(" ", ""));
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
