package dev.pushwire.app;

import dev.pushwire.core.hub.ChannelOptions;
import dev.pushwire.core.hub.HubOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The channel namespaces of {@code pushwire serve}'s hub, from the config file's {@code namespace.<name>.<key>}
 * keys (docs/configuration.md): per pattern ({@code chat:*} or an exact channel) its history size and age, presence,
 * join/leave, client publish, anonymous access and slow-subscriber policy; {@code namespace.default.*} sets the
 * options of channels in no namespace. Immutable.
 *
 * @param defaults   options of channels matching no pattern, or empty for the mode's default (demo: open to anonymous
 *                   clients; production: {@link ChannelOptions#DEFAULT}, which refuses anonymous clients)
 * @param byPattern  options per pattern, in the file's order
 */
public record HubNamespaces(Optional<ChannelOptions> defaults, Map<String, ChannelOptions> byPattern) {
    /** No namespaces: the mode's defaults for every channel. */
    public static final HubNamespaces NONE = new HubNamespaces(Optional.empty(), Map.of());

    public HubNamespaces {
        Objects.requireNonNull(defaults, "defaults");
        byPattern = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byPattern));
    }

    /** Applies these namespaces to a hub's options; {@code modeDefault} when no {@code namespace.default} is set. */
    public HubOptions.Builder applyTo(HubOptions.Builder options, ChannelOptions modeDefault) {
        options.defaultChannelOptions(defaults.orElse(modeDefault));
        byPattern.forEach(options::namespace);
        return options;
    }

    /** Whether any channel may be used by a client without a token. */
    public boolean anyAnonymous(ChannelOptions modeDefault) {
        return defaults.orElse(modeDefault).allowAnonymous()
                || byPattern.values().stream().anyMatch(ChannelOptions::allowAnonymous);
    }
}
