package dev.pushwire.app;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.pushwire.app.internal.ConnectCommand;
import dev.pushwire.app.internal.PublishCommand;
import dev.pushwire.app.internal.ServeCommand;
import dev.pushwire.app.internal.SubscribeCommand;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pushwire} command: {@code serve} (the demo server) and {@code connect} (a wscat-like client). Run it with
 * {@code ./pushwire ...} at the repository root, or {@code java -jar app/target/pushwire.jar ...}.
 */
@Command(name = "pushwire", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Real-time push for the JVM: WebSocket, SSE, long polling and polling behind one API.",
        footer = {"", "Examples:", "  pushwire serve --port 8080", "  pushwire connect ws://localhost:8080/echo",
            "  pushwire connect ws://localhost:8080/echo --execute hi"})
public final class Main implements Runnable {
    /** Exit code for a command-line mistake (picocli's convention). */
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (args.length > 0 && "connect".equals(args[0])) {
            // connect prints messages on stdout: keep log lines on stderr and only warnings and errors.
            System.setProperty("pushwire.log.target", "System.err");
            System.setProperty("pushwire.log.level", "WARN");
        }
        CommandLine cl = commandLine(System.getenv());
        // Messages and help in UTF-8 whatever the platform's default, so that non-ASCII text survives pipes.
        cl.setOut(new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), UTF_8), true));
        System.exit(cl.execute(args));
    }

    /** The whole command tree; {@code env} stands for the environment (settings' {@code PUSHWIRE_*} variables). */
    public static CommandLine commandLine(Map<String, String> env) {
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand("serve", ServeCommand.commandLine(env));
        cl.addSubcommand("connect", new CommandLine(new ConnectCommand()));
        cl.addSubcommand("publish", new CommandLine(new PublishCommand()));
        cl.addSubcommand("subscribe", new CommandLine(new SubscribeCommand()));
        cl.setParameterExceptionHandler(Main::usageError);
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say which command to run: serve, connect, publish or subscribe");
    }

    /** A usage mistake: say what was wrong and where help is, without the whole usage text. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        PrintWriter err = cmd.getErr();
        err.println(name + ": " + e.getMessage());
        err.println("Try '" + name + " --help' for more.");
        err.flush();
        return USAGE;
    }

    /** The version from the jar's manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"pushwire " + (v == null ? "dev" : v)};
        }
    }
}
