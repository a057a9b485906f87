package dev.pushwire.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar pushwire.jar serve --host 127.0.0.1 --port 0 ...} as a real process: started, awaited until it
 * logs the port it bound, stopped by SIGTERM (the graceful path a user's Ctrl-C takes).
 */
final class PushwireServeProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile(".*Pushwire (?:demo )?on https?://[^:]+:(\\d+)/.*");
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final RunningProcess process;
    private final int port;

    private PushwireServeProcess(RunningProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static PushwireServeProcess start(String... extraArgs) {
        return start(Map.of(), extraArgs);
    }

    /** Starts the server with {@code env} added to the environment (e.g. {@code PUSHWIRE_*} settings). */
    static PushwireServeProcess start(Map<String, String> env, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("serve", "--host", "127.0.0.1", "--port", "0"));
        args.addAll(List.of(extraArgs));
        RunningProcess p = RunningProcess.pushwireJar(env, List.of(), args);
        try {
            String line = p.awaitStdout("the 'Pushwire demo on' line", LISTENING.asMatchPredicate(), START_TIMEOUT);
            Matcher m = LISTENING.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("unreadable start line: " + line);
            }
            return new PushwireServeProcess(p, Integer.parseInt(m.group(1)));
        } catch (RuntimeException | AssertionError e) {
            p.close();
            throw e;
        }
    }

    int port() {
        return port;
    }

    String https(String path) {
        return "https://127.0.0.1:" + port + path;
    }

    String wss(String path) {
        return "wss://127.0.0.1:" + port + path;
    }

    String http(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    String ws(String path) {
        return "ws://127.0.0.1:" + port + path;
    }

    /** SIGKILL: the node dies at once, as on a crash or an OOM kill. */
    void kill() {
        process.kill(Duration.ofSeconds(10));
    }

    RunningProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
