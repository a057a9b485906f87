package dev.pushwire.app.internal;

import dev.pushwire.client.HubClient;
import dev.pushwire.client.HubClientOptions;
import dev.pushwire.core.hub.StreamPosition;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pushwire subscribe CHANNEL}: prints each publication of a channel on its own line as
 * {@code OFFSET DATA}, reconnecting and recovering by itself. {@code --since EPOCH:OFFSET} starts after a saved
 * position. Status and errors go to stderr.
 *
 * <p>Exit codes: 0 after {@code --count} publications (or Ctrl-C), 1 the hub refused the connection or
 * subscription, 2 usage.
 */
@Command(name = "subscribe", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Subscribes to CHANNEL on the server's hub (/pushwire) and prints one publication per line:",
            "OFFSET DATA. Reconnects by itself and recovers missed publications."})
public final class SubscribeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CHANNEL", description = "the channel")
    String channel;

    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:PUSHWIRE_SERVER:-http://127.0.0.1:8080}",
            description = "the server (default ${DEFAULT-VALUE}; env PUSHWIRE_SERVER)")
    String server;

    @Option(names = "--path", paramLabel = "PATH", defaultValue = "/pushwire",
            description = "the hub endpoint (default ${DEFAULT-VALUE})")
    String path;

    @Option(names = "--since", paramLabel = "EPOCH:OFFSET", description = "start after this position")
    String since;

    @Option(names = "--token", paramLabel = "JWT", defaultValue = "${env:PUSHWIRE_TOKEN}",
            description = "a connection token (env PUSHWIRE_TOKEN); without one the client is anonymous")
    String token;

    @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "0",
            description = "exit after N publications (default: never)")
    long count;

    @Override
    public Integer call() throws Exception {
        StreamPosition start = null;
        if (since != null) {
            int colon = since.lastIndexOf(':');
            try {
                start = new StreamPosition(since.substring(0, Math.max(colon, 0)),
                        Long.parseLong(since.substring(colon + 1)));
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("error: --since must be EPOCH:OFFSET, e.g. 9f1c2ab0d3e4f566:41");
                return 2;
            }
        }
        String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        String url = base.replaceFirst("^http://", "ws://").replaceFirst("^https://", "wss://") + path;
        HubClientOptions.Builder options = HubClientOptions.builder();
        if (token != null && !token.isEmpty()) {
            options.token(token);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong seen = new AtomicLong();
        int[] exit = {0};
        try (HubClient hub = HubClient.connect(url, options.build())) {
            hub.channel(channel).onUnrecoverable(message -> err.println("unrecoverable: " + message))
                    .subscribe(start, p -> {
                        out.println(p.offset() + " " + p.data());
                        out.flush();
                        if (count > 0 && seen.incrementAndGet() >= count) {
                            done.countDown();
                        }
                    })
                    .whenComplete((position, error) -> {
                        if (error != null) {
                            Throwable cause = error.getCause() != null ? error.getCause() : error;
                            err.println("error: " + cause.getMessage());
                            exit[0] = 1;
                            done.countDown();
                        } else {
                            err.println("subscribed to " + channel + " at " + position);
                        }
                    });
            done.await(count > 0 ? 365 : 36500, TimeUnit.DAYS);
        }
        return exit[0];
    }
}
