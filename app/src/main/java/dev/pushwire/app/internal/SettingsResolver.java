package dev.pushwire.app.internal;

import dev.pushwire.app.HubNamespaces;
import dev.pushwire.app.ServeSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Builds {@link ServeSettings} from three layers, highest first: command-line flags, {@code PUSHWIRE_*} environment
 * variables, the config file (Java properties, keys as in {@link ServeSetting#key()}), then the defaults. The config
 * file is named by {@code --config} or {@code PUSHWIRE_CONFIG}. An unknown key in the file or a bad value anywhere
 * is a {@link SettingsException} naming the setting and its source, never a silent default. Stateless.
 */
public final class SettingsResolver {
    /** The environment variable that names the config file when {@code --config} is not given. */
    public static final String CONFIG_ENV = ServeSetting.ENV_PREFIX + "CONFIG";

    private SettingsResolver() {
    }

    /**
     * @param flags      values given as flags (only the ones given)
     * @param configFlag the {@code --config} value, or null
     * @param env        the environment, usually {@link System#getenv()}
     * @throws SettingsException if the config file cannot be read, has an unknown key, or a value is bad
     */
    public static ServeSettings resolve(Map<ServeSetting, String> flags, Path configFlag, Map<String, String> env) {
        Path configPath = configFlag;
        if (configPath == null && env.get(CONFIG_ENV) != null && !env.get(CONFIG_ENV).isBlank()) {
            configPath = Path.of(env.get(CONFIG_ENV));
        }
        Map<ServeSetting, String> file = configPath == null ? Map.of() : readConfig(configPath);
        HubNamespaces namespaces = configPath == null ? HubNamespaces.NONE : readNamespaces(configPath);

        ServeSettings.Builder builder = ServeSettings.builder().namespaces(namespaces);
        for (ServeSetting setting : ServeSetting.values()) {
            String value;
            String source;
            if (flags.containsKey(setting)) {
                value = flags.get(setting);
                source = "flag " + setting.flag();
            } else if (env.containsKey(setting.envVar())) {
                value = env.get(setting.envVar());
                source = "environment variable " + setting.envVar();
            } else if (file.containsKey(setting)) {
                value = file.get(setting);
                source = "key " + setting.key() + " in " + configPath;
            } else {
                continue;
            }
            try {
                setting.applyTo(builder, value);
            } catch (IllegalArgumentException e) {
                throw new SettingsException("bad value for " + setting.key() + " (from " + source + "): "
                        + e.getMessage());
            }
        }
        ServeSettings settings;
        try {
            settings = builder.build();
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage());
        }
        settings.tlsCert().ifPresent(p -> requireReadable(p, ServeSetting.TLS_CERT));
        settings.tlsKey().ifPresent(p -> requireReadable(p, ServeSetting.TLS_KEY));
        return settings;
    }

    /** Reads the {@code namespace.*} keys of a properties file ({@link NamespaceConfig}). */
    static HubNamespaces readNamespaces(Path path) {
        Properties props = load(path);
        Map<String, String> all = new java.util.HashMap<>();
        for (String key : props.stringPropertyNames()) {
            all.put(key, props.getProperty(key));
        }
        return NamespaceConfig.parse(all, path.toString());
    }

    private static Properties load(Path path) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new SettingsException("cannot read config file " + path + ": " + e, e);
        }
        return props;
    }

    /** Reads a properties file; every key must be a {@link ServeSetting} key or a {@code namespace.*} key. */
    static Map<ServeSetting, String> readConfig(Path path) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new SettingsException("cannot read config file " + path + ": " + e, e);
        }
        Map<ServeSetting, String> out = new EnumMap<>(ServeSetting.class);
        List<String> unknown = new ArrayList<>();
        for (String key : props.stringPropertyNames()) {
            ServeSetting setting = ServeSetting.byKey(key.trim());
            if (setting == null && !key.trim().startsWith(NamespaceConfig.PREFIX)) {
                unknown.add(key);
            } else if (setting == null) {
                continue;
            } else {
                out.put(setting, props.getProperty(key).trim());
            }
        }
        if (!unknown.isEmpty()) {
            List<String> known = new ArrayList<>();
            for (ServeSetting s : ServeSetting.values()) {
                known.add(s.key());
            }
            throw new SettingsException("unknown key" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + " in config file " + path + "; known keys: " + String.join(", ", known));
        }
        return out;
    }

    private static void requireReadable(Path p, ServeSetting setting) {
        if (!Files.isReadable(p)) {
            throw new SettingsException(setting.key() + ": cannot read " + p.toAbsolutePath()
                    + " (give the path of a PEM file)");
        }
    }
}
