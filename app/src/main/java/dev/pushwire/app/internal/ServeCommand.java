package dev.pushwire.app.internal;

import dev.pushwire.app.DemoServer;
import dev.pushwire.app.ServeSettings;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code pushwire serve}: runs the demo server until the process is stopped (Ctrl-C or SIGTERM stop it gracefully).
 * One flag per {@link ServeSetting}, added from that enum so flags, environment variables and config keys never
 * drift apart.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = {"Serve the Pushwire demo on http://localhost:8080 (Ctrl-C stops it).", "",
            "Routes: /, /echo, /pub -> /sub, /pushwire (the hub) over WebSocket, SSE, long polling and polling; "
                + "/api (hub publish API); GET /poll/data, /longpoll/data, /health; the demo pages on /.",
            "",
            "Every setting is also an environment variable (PUSHWIRE_<KEY>) and a key of the --config file (Java "
                + "properties). Flags win over the environment, which wins over the file. See docs/configuration.md."})
public final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("dev.pushwire.serve");

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", order = -1,
            description = "config file (Java properties, keys as the flags without --); env PUSHWIRE_CONFIG")
    Path config;

    private final Map<String, String> env;

    private ServeCommand(Map<String, String> env) {
        this.env = env;
    }

    /** The {@code serve} command with one option per setting, reading {@code env} for defaults. */
    public static CommandLine commandLine(Map<String, String> env) {
        CommandSpec spec = CommandSpec.forAnnotatedObject(new ServeCommand(env));
        ServeSettings defaults = ServeSettings.DEFAULT;
        for (ServeSetting setting : ServeSetting.values()) {
            String def = setting.valueIn(defaults);
            spec.addOption(OptionSpec.builder(setting.flag())
                    .paramLabel(setting.paramLabel())
                    .type(String.class)
                    .description(setting.description() + " (env " + setting.envVar() + "; default "
                            + (def.isEmpty() ? "none" : def) + ")")
                    .build());
        }
        return new CommandLine(spec);
    }

    @Override
    public Integer call() {
        ParseResult parsed = spec.commandLine().getParseResult();
        Map<ServeSetting, String> flags = new EnumMap<>(ServeSetting.class);
        for (ServeSetting setting : ServeSetting.values()) {
            if (parsed.hasMatchedOption(setting.flag())) {
                flags.put(setting, parsed.matchedOptionValue(setting.flag(), ""));
            }
        }
        ServeSettings settings;
        try {
            settings = SettingsResolver.resolve(flags, config, env);
        } catch (SettingsException e) {
            spec.commandLine().getErr().println("pushwire serve: " + e.getMessage());
            return 2;
        }

        DemoServer server;
        try {
            server = DemoServer.start(settings);
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("pushwire serve: cannot start on " + settings.host() + ":"
                    + settings.port() + ": " + e.getMessage());
            return 1;
        }
        String scheme = settings.tlsCert().isPresent() ? "https" : "http";
        String shownHost = "0.0.0.0".equals(settings.host()) ? "localhost" : settings.host();
        String broker = settings.broker().equals("memory") ? "memory"
                : dev.pushwire.redis.RedisOptions.parse(settings.broker()).describe();
        if (settings.demo()) {
            LOG.info("Pushwire demo on {}://{}:{}/ (routes /, /echo, /pub, /sub, /pushwire on every transport; Ctrl-C stops)"
                    + " node {} broker {}", scheme, shownHost, server.port(), server.nodeId(), broker);
        } else {
            LOG.info("Pushwire on {}://{}:{}/ (hub /pushwire, API /api, /health/live, /health/ready{}{}; SIGTERM"
                    + " drains over {}) node {} broker {}", scheme, shownHost, server.port(),
                    settings.metrics() ? ", /metrics" : "", settings.adminPassword().isEmpty() ? "" : ", /admin",
                    SettingValues.format(settings.drainPeriod()), server.nodeId(), broker);
        }
        if (!settings.demo() && settings.tokenSecret().isEmpty()
                && !settings.namespaces().anyAnonymous(dev.pushwire.core.hub.ChannelOptions.DEFAULT)) {
            LOG.warn("no token-secret and no namespace with allow-anonymous: every hub client will be refused;"
                    + " set token-secret or namespace.<name>.allow-anonymous (docs/configuration.md)");
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping: draining connections over {}, then stopping (up to {} more)",
                    SettingValues.format(settings.drainPeriod()), SettingValues.format(settings.shutdownTimeout()));
            try {
                DrainOnStop.drain(server, settings);
                server.stop();
            } finally {
                stopped.countDown();
            }
        }, "pushwire-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
