package dev.pushwire.app.internal;

import dev.pushwire.app.ServeSettings;
import dev.pushwire.core.hub.AsyncTokenVerifier;
import dev.pushwire.core.hub.Broker;
import dev.pushwire.core.hub.ChannelOptions;
import dev.pushwire.core.hub.Hub;
import dev.pushwire.core.hub.HubOptions;
import dev.pushwire.core.hub.PresenceStore;
import dev.pushwire.server.HmacJwtTokens;
import dev.pushwire.server.HubEndpoints;
import dev.pushwire.server.JwtTokens;
import dev.pushwire.server.PushwireServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The demo server's hub: {@code /pushwire} with every channel open to anonymous clients (history of 100 for 5
 * minutes), JWT tokens when a key is set (HS256 secret, PEM public key or JWKS URL), and the publish API under {@code /api} when a key is set.
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
        return create(tokenSecret.isEmpty() ? null : AsyncTokenVerifier.of(HmacJwtTokens.withSecret(tokenSecret)),
                broker, presence);
    }

    /** A hub for the demo with {@code tokens} (null: every client anonymous) on {@code broker} and {@code presence}. */
    public static Hub create(AsyncTokenVerifier tokens, Broker broker, PresenceStore presence) {
        HubOptions.Builder options = HubOptions.builder()
                .defaultChannelOptions(ChannelOptions.builder().allowAnonymous(true).build());
        if (broker != null) {
            options.broker(broker);
        }
        if (presence != null) {
            options.presenceStore(presence);
        }
        return Hub.create(options.asyncTokenVerifier(tokens).build());
    }

    /**
     * The token verifier the settings ask for: HS256 with {@code token-secret}, RS256/ES256 with
     * {@code token-public-key} or {@code token-jwks-url}, with the issuer, audience, leeway and expiry rules; null
     * when no key is set.
     *
     * @throws IllegalArgumentException if the public key file cannot be read or is not a key
     */
    public static AsyncTokenVerifier tokenVerifier(ServeSettings settings) {
        JwtTokens.Builder b;
        if (!settings.tokenSecret().isEmpty()) {
            b = JwtTokens.hs256(settings.tokenSecret());
        } else if (settings.tokenPublicKey().isPresent()) {
            Path pem = settings.tokenPublicKey().get();
            try {
                b = JwtTokens.publicKey(Files.readString(pem));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read token-public-key " + pem + ": " + e.getMessage());
            }
        } else if (!settings.tokenJwksUrl().isEmpty()) {
            b = JwtTokens.jwks(URI.create(settings.tokenJwksUrl()));
        } else {
            return null;
        }
        return b.issuer(settings.tokenIssuer().isEmpty() ? null : settings.tokenIssuer())
                .audience(settings.tokenAudience().isEmpty() ? null : settings.tokenAudience())
                .leeway(settings.tokenLeeway())
                .allowTokensWithoutExpiry(settings.tokenAllowNoExpiry())
                .build();
    }

    /**
     * The hub of {@code pushwire serve}: the config file's namespaces over the mode's default (demo: every channel
     * open to anonymous clients; production: {@link ChannelOptions#DEFAULT}, tokens needed), JWT tokens when a key
     * is set ({@link #tokenVerifier}), on {@code broker} and {@code presence} (null: in memory).
     */
    public static Hub create(ServeSettings settings, Broker broker, PresenceStore presence) {
        ChannelOptions modeDefault = settings.demo() ? ChannelOptions.builder().allowAnonymous(true).build()
                : ChannelOptions.DEFAULT;
        HubOptions.Builder options = settings.namespaces().applyTo(HubOptions.builder(), modeDefault)
                .publishRate(settings.hubPublishesPerSecond(), settings.hubPublishBurst());
        if (broker != null) {
            options.broker(broker);
        }
        if (presence != null) {
            options.presenceStore(presence);
        }
        return Hub.create(options.asyncTokenVerifier(tokenVerifier(settings)).build());
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
