package dev.pushwire.app.internal;

import dev.pushwire.client.ClientOptions;
import dev.pushwire.client.ConnectFailedException;
import dev.pushwire.client.PushwireClient;
import dev.pushwire.core.CloseEvent;
import dev.pushwire.core.Message;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pushwire connect URL}: a WebSocket client for the shell, like wscat. Typed lines are sent; received messages
 * are printed, one per line, on stdout; status and errors go to stderr. {@code --execute} sends one message, prints
 * the first reply and exits.
 *
 * <p>Exit codes: 0 done (or the server closed normally), 1 the connection failed or closed abnormally, or no reply
 * came in time, 2 a usage error.
 */
@Command(name = "connect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Talk to a WebSocket server from the shell, like wscat.", "",
            "Each line you type is sent; each message received is printed on its own line. Ctrl-D closes the "
                + "connection (1000) and exits.", "",
            "Exit codes: 0 done; 1 the connection failed, closed abnormally or no reply came; 2 a usage error."})
public final class ConnectCommand implements Callable<Integer> {
    /** Exit code when the connection fails, closes abnormally or no reply comes. */
    static final int FAILED = 1;
    /** After our close frame: the client's own close timeout (5 s) plus a margin. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(6);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "ws://HOST:PORT/PATH or wss://... (http:// and https:// are"
            + " taken as ws:// and wss://)")
    String url;

    @Option(names = {"-x", "--execute"}, paramLabel = "TEXT",
            description = "send TEXT, print the first message received, close and exit")
    String execute;

    @Option(names = {"-b", "--binary"}, description = "send messages as binary frames (UTF-8 bytes of the text)")
    boolean binary;

    @Option(names = {"-H", "--header"}, paramLabel = "NAME:VALUE",
            description = "add a header to the upgrade request (repeatable)")
    List<String> headers = new ArrayList<>();

    @Option(names = {"-s", "--subprotocol"}, paramLabel = "PROTOCOL",
            description = "offer a subprotocol (repeatable, most preferred first)")
    List<String> subprotocols = new ArrayList<>();

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "time to open the TCP connection, and again for the upgrade (default ${DEFAULT-VALUE})")
    String connectTimeout;

    @Option(names = {"-w", "--wait"}, paramLabel = "DURATION", defaultValue = "10s",
            description = "with --execute: how long to wait for the reply (default ${DEFAULT-VALUE})")
    String wait;

    @Option(names = {"-t", "--transport"}, paramLabel = "NAME", defaultValue = "auto",
            description = "auto (WebSocket, falling back to sse, longpolling and polling in that order), or only one"
                    + " of websocket, sse, longpolling, polling; default ${DEFAULT-VALUE}")
    String transport;

    @Option(names = "--ca", paramLabel = "PEM",
            description = "for wss://: trust exactly the certificates in this PEM file (e.g. a self-signed one)")
    Path trustedCertificates;

    @Override
    public Integer call() {
        URI uri = parseUri();
        Duration timeout = duration("--connect-timeout", connectTimeout);
        Duration replyWait = duration("--wait", wait);
        ClientOptions options = options(timeout);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        CompletableFuture<Message> firstReply = new CompletableFuture<>();
        CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
        PushwireClient client = PushwireClient.connect(uri, options);
        client.onMessage(message -> {
            if (execute == null) {
                print(out, message);
            } else {
                firstReply.complete(message);
            }
        });
        client.onClose(closed::complete);
        try {
            // the client's own timeouts end each transport's attempt; this only guards against a hang
            client.awaitOpen(timeout.multipliedBy(2L * options.transports().size()).plusSeconds(1));
        } catch (ConnectFailedException e) {
            err.println("pushwire connect: cannot connect to " + url + ": " + describe(e));
            err.flush();
            client.terminate();
            return FAILED;
        }
        return execute != null ? executeOnce(client, firstReply, closed, replyWait, out, err)
                : interactive(client, closed, err);
    }

    private int executeOnce(PushwireClient client, CompletableFuture<Message> firstReply,
                            CompletableFuture<CloseEvent> closed, Duration replyWait, PrintWriter out,
                            PrintWriter err) {
        send(client, execute);
        try {
            Object first = CompletableFuture.anyOf(firstReply, closed).get(replyWait.toMillis(), TimeUnit.MILLISECONDS);
            if (first instanceof CloseEvent event) {
                err.println("pushwire connect: the server closed the connection before replying: " + describe(event));
                err.flush();
                return FAILED;
            }
            print(out, (Message) first);
        } catch (TimeoutException e) {
            err.println("pushwire connect: no message from " + url + " within " + SettingValues.format(replyWait)
                    + " (raise it with --wait)");
            err.flush();
            client.terminate();
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.terminate();
            return FAILED;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        closeAndWait(client, closed);
        return 0;
    }

    private int interactive(PushwireClient client, CompletableFuture<CloseEvent> closed, PrintWriter err) {
        err.println("connected to " + url + " (type a message and press Enter; Ctrl-D closes)");
        err.flush();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null && !closed.isDone()) {
                    send(client, line);
                }
            } catch (IOException e) {
                // stdin broke: treat like its end
            }
            client.close();
        }, "pushwire-connect-stdin");
        reader.setDaemon(true);
        reader.start();
        CloseEvent event;
        try {
            event = closed.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.terminate();
            return FAILED;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        boolean normal = event.code() == 1000 || event.code() == 1001 || event.code() == 1005;
        if (event.remote() || !normal) {
            err.println("disconnected: " + describe(event));
            err.flush();
        }
        return normal ? 0 : FAILED;
    }

    private void send(PushwireClient client, String text) {
        if (binary) {
            client.send(text.getBytes(StandardCharsets.UTF_8));
        } else {
            client.send(text);
        }
    }

    private static void closeAndWait(PushwireClient client, CompletableFuture<CloseEvent> closed) {
        client.close();
        try {
            closed.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            client.terminate();
        }
    }

    /** Text as it is; binary as text when it is valid UTF-8, else as hex. */
    private static void print(PrintWriter out, Message message) {
        String shown;
        if (message.isText()) {
            shown = message.text();
        } else {
            shown = Utf8Text.decode(message.bytes());
            if (shown == null) {
                shown = "<binary " + message.size() + " bytes: " + HexFormat.of().formatHex(message.bytes())
                        + ">";
            }
        }
        synchronized (out) {
            out.println(shown);
            out.flush();
        }
    }

    private URI parseUri() {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw usage("not a URL: " + url + " (" + e.getReason() + "); write e.g. ws://localhost:8080/echo");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of("ws", "wss", "http", "https").contains(scheme) || uri.getHost() == null) {
            throw usage("not a WebSocket URL: " + url + "; write ws://HOST:PORT/PATH or wss://HOST:PORT/PATH");
        }
        return uri;
    }

    private ClientOptions options(Duration timeout) {
        ClientOptions.Builder b = ClientOptions.builder().connectTimeout(timeout).handshakeTimeout(timeout);
        switch (transport) {
            case "auto" -> b.transports(ClientOptions.DEFAULT.transports().toArray(String[]::new));
            case "websocket", "sse", "longpolling", "polling" -> b.transports(transport);
            default -> throw usage("--transport wants websocket, sse, longpolling, polling or auto, got '"
                    + transport + "'");
        }
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw usage("--header wants NAME:VALUE, got '" + header + "'");
            }
            try {
                b.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                throw usage("--header " + header + ": " + e.getMessage());
            }
        }
        if (!subprotocols.isEmpty()) {
            try {
                b.subprotocols(subprotocols);
            } catch (IllegalArgumentException e) {
                throw usage("--subprotocol: " + e.getMessage());
            }
        }
        if (trustedCertificates != null) {
            try {
                b.trustedCertificates(trustedCertificates);
            } catch (IllegalArgumentException e) {
                throw usage("--ca " + trustedCertificates + ": " + e.getMessage());
            }
        }
        return b.build();
    }

    private Duration duration(String option, String value) {
        try {
            Duration d = SettingValues.duration(value);
            if (d.isZero()) {
                throw new IllegalArgumentException("it must be more than 0");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw usage(option + ": " + e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private String describe(ConnectFailedException e) {
        if (e.attempts().size() > 1) { // lists what each transport answered
            return (e.attempts().stream().allMatch(ConnectCommand::timedOut) ? "timed out: " : "")
                    + withoutUrl(e.getMessage()) + (e.attempts().stream().anyMatch(ConnectCommand::timedOut)
                    ? " (raise --connect-timeout if the server is slow)" : "");
        }
        return switch (e.reason()) {
            case REFUSED -> "connection refused (is the server running on that port?)";
            case REJECTED -> "the server refused the upgrade with HTTP " + e.status()
                    + (e.responseBody().isBlank() ? "" : ": " + e.responseBody().strip());
            case CONNECT_TIMEOUT, HANDSHAKE_TIMEOUT, AWAIT_TIMEOUT -> "timed out: " + withoutUrl(e.getMessage())
                    + " (raise --connect-timeout if the server is slow)";
            default -> withoutUrl(e.getMessage());
        };
    }

    private static boolean timedOut(ConnectFailedException e) {
        return switch (e.reason()) {
            case CONNECT_TIMEOUT, HANDSHAKE_TIMEOUT, AWAIT_TIMEOUT -> true;
            default -> false;
        };
    }

    /** The client's messages start with the URI, which our message already names. */
    private static String withoutUrl(String message) {
        int colon = message == null ? -1 : message.indexOf(": ");
        return colon > 0 && message.substring(0, colon).contains("://") ? message.substring(colon + 2) : message;
    }

    private static String describe(CloseEvent event) {
        return "code " + event.code() + (event.reason().isEmpty() ? "" : " (" + event.reason() + ")")
                + (event.remote() ? " from the server" : "");
    }
}
