package dev.pushwire.app.internal;

import dev.pushwire.app.HubNamespaces;
import dev.pushwire.core.hub.ChannelOptions;
import dev.pushwire.core.hub.SlowSubscriberPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the {@code namespace.<name>.<key>} keys of a config file into {@link HubNamespaces}, checking every one: a
 * known key, a value of the right kind, a pattern for every namespace but {@code default}, no pattern twice. Each
 * error names the key and says what was wrong and what to write instead. Stateless.
 */
public final class NamespaceConfig {
    /** The prefix of namespace keys. */
    public static final String PREFIX = "namespace.";
    /** The namespace name that sets the options of channels in no namespace. */
    public static final String DEFAULT = "default";
    /** The keys of one namespace, as documented. */
    public static final List<String> KEYS = List.of("pattern", "history-size", "history-ttl", "presence", "join-leave",
            "client-publish", "allow-anonymous", "slow-subscriber-policy", "slow-subscriber-queue");

    private NamespaceConfig() {
    }

    /**
     * Parses the namespace keys among {@code props} (other keys are ignored).
     *
     * @param source where they come from, for error messages (e.g. the file's path)
     * @throws SettingsException naming the first bad key
     */
    public static HubNamespaces parse(Map<String, String> props, String source) {
        Map<String, Map<String, String>> byName = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(props).entrySet()) {
            String key = e.getKey().trim();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            String rest = key.substring(PREFIX.length());
            int dot = rest.lastIndexOf('.');
            if (dot <= 0 || dot == rest.length() - 1) {
                throw new SettingsException(key + " (in " + source + "): a namespace key is namespace.<name>.<key>,"
                        + " e.g. namespace.chat.pattern=chat:*");
            }
            String name = rest.substring(0, dot);
            String field = rest.substring(dot + 1);
            if (!KEYS.contains(field)) {
                throw new SettingsException(key + " (in " + source + "): unknown namespace key \"" + field
                        + "\"; known: " + String.join(", ", KEYS));
            }
            byName.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(field, e.getValue().trim());
        }
        Optional<ChannelOptions> defaults = Optional.empty();
        Map<String, ChannelOptions> byPattern = new LinkedHashMap<>();
        Map<String, String> patternOwner = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> ns : byName.entrySet()) {
            String name = ns.getKey();
            Map<String, String> fields = ns.getValue();
            ChannelOptions options = options(name, fields, source);
            if (name.equals(DEFAULT)) {
                if (fields.containsKey("pattern")) {
                    throw new SettingsException(PREFIX + "default.pattern (in " + source + "): the default namespace"
                            + " applies to channels in no other namespace and takes no pattern; remove the key");
                }
                defaults = Optional.of(options);
                continue;
            }
            String pattern = fields.get("pattern");
            if (pattern == null || pattern.isEmpty()) {
                throw new SettingsException(PREFIX + name + ".pattern (in " + source + "): missing; every namespace"
                        + " needs a pattern, a channel name or a prefix ending in '*' (e.g. chat:*)");
            }
            if (pattern.contains(" ") || pattern.indexOf('*') >= 0 && pattern.indexOf('*') != pattern.length() - 1) {
                throw new SettingsException(PREFIX + name + ".pattern (in " + source + "): \"" + pattern + "\" is not"
                        + " a pattern; write a channel name or a prefix ending in '*', with no spaces (e.g. chat:*)");
            }
            String other = patternOwner.putIfAbsent(pattern, name);
            if (other != null) {
                throw new SettingsException(PREFIX + name + ".pattern (in " + source + "): \"" + pattern
                        + "\" is already the pattern of namespace " + other + "; give each pattern one namespace");
            }
            byPattern.put(pattern, options);
        }
        return new HubNamespaces(defaults, byPattern);
    }

    private static ChannelOptions options(String name, Map<String, String> fields, String source) {
        ChannelOptions.Builder b = ChannelOptions.builder();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String key = PREFIX + name + "." + f.getKey();
            String v = f.getValue();
            try {
                switch (f.getKey()) {
                    case "history-size" -> b.historySize(SettingValues.integer(v, 0, 1_000_000));
                    case "history-ttl" -> b.historyTtl(SettingValues.duration(v));
                    case "presence" -> b.presence(SettingValues.bool(v));
                    case "join-leave" -> b.joinLeave(SettingValues.bool(v));
                    case "client-publish" -> b.clientPublish(SettingValues.bool(v));
                    case "allow-anonymous" -> b.allowAnonymous(SettingValues.bool(v));
                    case "slow-subscriber-policy" -> b.slowSubscriberPolicy(policy(v));
                    case "slow-subscriber-queue" -> b.slowSubscriberQueue(SettingValues.integer(v, 1, 1_000_000));
                    default -> {
                        // pattern: checked by the caller
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new SettingsException("bad value for " + key + " (in " + source + "): " + e.getMessage());
            }
        }
        return b.build();
    }

    private static SlowSubscriberPolicy policy(String v) {
        List<String> known = new ArrayList<>();
        for (SlowSubscriberPolicy p : SlowSubscriberPolicy.values()) {
            String name = p.name().toLowerCase(Locale.ROOT).replace('_', '-');
            known.add(name);
            if (name.equals(v.trim().toLowerCase(Locale.ROOT).replace('_', '-'))) {
                return p;
            }
        }
        throw new IllegalArgumentException("\"" + v + "\" is not a policy; use one of " + String.join(", ", known));
    }
}
