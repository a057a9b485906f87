package dev.pushwire.app.internal;

import dev.pushwire.app.ServeSettings;
import dev.pushwire.core.hub.Broker;
import dev.pushwire.core.hub.ChannelOptions;
import dev.pushwire.core.hub.Hub;
import dev.pushwire.core.hub.HubOptions;
import dev.pushwire.core.hub.PresenceStore;
import dev.pushwire.server.HmacJwtTokens;
import dev.pushwire.server.HubEndpoints;
import dev.pushwire.server.PushwireServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The demo server's hub: {@code /pushwire} with every channel open to anonymous clients (history of 100 for 5
 * minutes), JWT tokens when a secret is set, and the publish API under {@code /api} when a key is set.
 */
public final class DemoHub {
    private static final byte[] API_OFF = ("{\"error\":\"api_disabled\",\"message\":\"the publish API is off: start the"
            + " server with --api-key KEY (or PUSHWIRE_API_KEY)\"}").getBytes(StandardCharsets.UTF_8);

    private DemoHub() {
    }

    /** A hub for the demo; {@code tokenSecret} empty: no tokens. */
    public static Hub create(String tokenSecret) {
        return create(tokenSecret, null, null);
    }

    /** A hub for the demo on {@code broker} and {@code presence} (null: in memory). */
    public static Hub create(String tokenSecret, Broker broker, PresenceStore presence) {
        HubOptions.Builder options = HubOptions.builder()
                .defaultChannelOptions(ChannelOptions.builder().allowAnonymous(true).build());
        if (broker != null) {
            options.broker(broker);
        }
        if (presence != null) {
            options.presenceStore(presence);
        }
        if (!tokenSecret.isEmpty()) {
            options.tokenVerifier(HmacJwtTokens.withSecret(tokenSecret));
        }
        return Hub.create(options.build());
    }

    /**
     * The hub of {@code pushwire serve}: the config file's namespaces over the mode's default (demo: every channel
     * open to anonymous clients; production: {@link ChannelOptions#DEFAULT}, tokens needed), JWT tokens when a secret
     * is set, on {@code broker} and {@code presence} (null: in memory).
     */
    public static Hub create(ServeSettings settings, Broker broker, PresenceStore presence) {
        ChannelOptions modeDefault = settings.demo() ? ChannelOptions.builder().allowAnonymous(true).build()
                : ChannelOptions.DEFAULT;
        HubOptions.Builder options = settings.namespaces().applyTo(HubOptions.builder(), modeDefault);
        if (broker != null) {
            options.broker(broker);
        }
        if (presence != null) {
            options.presenceStore(presence);
        }
        if (!settings.tokenSecret().isEmpty()) {
            options.tokenVerifier(HmacJwtTokens.withSecret(settings.tokenSecret()));
        }
        return Hub.create(options.build());
    }

    /** Mounts the hub at {@code /pushwire} and its API at {@code /api} (503 on every call without a key). */
    public static void mount(PushwireServer server, Hub hub, String apiKey) {
        server.hub("/pushwire", hub);
        if (apiKey.isEmpty()) {
            for (String call : HubEndpoints.API_CALLS) {
                server.http("/api/" + call, exchange -> exchange.respond(503,
                        Map.of("Content-Type", "application/json"), API_OFF));
            }
        } else {
            server.hubApi("/api", hub, apiKey);
        }
    }
}
