package dev.pushwire.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.pushwire.core.hub.ChannelOptions;
import dev.pushwire.core.hub.ClientInfo;
import dev.pushwire.core.hub.Hub;
import dev.pushwire.core.hub.HubOptions;
import dev.pushwire.server.JwtTokens;
import dev.pushwire.server.PushwireServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * pushwire.js with an RS256 token whose key the hub fetches from a JWKS (served over real HTTP by the same server):
 * the page gets its token from the application and hands it over as it is; the hub checks it and lets it subscribe.
 */
class PushwireJsJwksTokenTest {
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private PushwireServer server;
    private Hub hub;
    private Harness page;

    @AfterEach
    void stop() {
        if (page != null) {
            page.close();
        }
        if (server != null) {
            server.stop();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void anRs256TokenCheckedAgainstAJwksLetsThePageSubscribe() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("web-1").generate();
        byte[] set = new JWKSet(key.toPublicJWK()).toString(true).getBytes(StandardCharsets.UTF_8);
        server = PushwireServer.builder().host("127.0.0.1").port(0).shutdownTimeout(Duration.ofSeconds(1)).build();
        server.staticResources("/", "pushwire/web");
        server.staticResources("/test", "pushwire-test");
        server.http("/jwks.json", exchange -> {
            jwksRequests.incrementAndGet();
            exchange.respond(200, Map.of("Content-Type", "application/json"), set);
        });
        server.http("/rs256-token", exchange -> {
            try {
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("web-1").build(),
                        new JWTClaimsSet.Builder().subject("carol").audience("pushwire")
                                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
                jwt.sign(new RSASSASigner(key));
                exchange.respond(200, "text/plain", jwt.serialize().getBytes(StandardCharsets.UTF_8));
            } catch (Exception e) {
                exchange.respond(500, "text/plain", e.toString().getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
        hub = Hub.create(HubOptions.builder()
                .asyncTokenVerifier(JwtTokens.jwks(URI.create("http://127.0.0.1:" + server.port() + "/jwks.json"))
                        .audience("pushwire").build())
                .defaultChannelOptions(ChannelOptions.builder().build()) // tokens only
                .build());
        server.hub("/pushwire-jwks", hub);

        page = new Harness("http://127.0.0.1:" + server.port() + "/test/harness.html");
        page.start("/pushwire-jwks", "{token: () => fetch('/rs256-token').then((r) => r.text())}");
        page.eval("subscribe('news')");
        await().atMost(Duration.ofSeconds(20)).until(() -> !hub.presence("news").get().isEmpty());
        assertThat(hub.presence("news").get()).extracting(ClientInfo::userId).containsExactly("carol");
        hub.publish("news", "\"for carol\"").get();
        page.await("the publication", "pw.publications.length === 1", Duration.ofSeconds(10));
        assertThat(page.eval("pw.publications")).isEqualTo(List.of("for carol"));
        assertThat(jwksRequests.get()).as("the key set is fetched once and cached").isEqualTo(1);
    }
}
