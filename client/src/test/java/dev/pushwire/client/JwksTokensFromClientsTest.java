package dev.pushwire.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.pushwire.core.hub.ChannelOptions;
import dev.pushwire.core.hub.Hub;
import dev.pushwire.core.hub.HubOptions;
import dev.pushwire.core.hub.Publication;
import dev.pushwire.server.JwtTokens;
import dev.pushwire.server.PushwireServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Java client with production tokens: RS256 tokens whose key the hub fetches from a JWKS served by a real local
 * HTTP server, and ES256 tokens checked against a PEM key. The client passes them as they are (they are opaque).
 */
class JwksTokensFromClientsTest {
    private final List<HubClient> clients = new ArrayList<>();
    private HttpServer jwks;
    private Hub hub;
    private PushwireServer server;

    private void start(JwtTokens tokens) {
        hub = Hub.create(HubOptions.builder().asyncTokenVerifier(tokens)
                .defaultChannelOptions(ChannelOptions.builder().historySize(100).build()) // no anonymous access
                .build());
        server = PushwireServer.builder().host("127.0.0.1").port(0).shutdownTimeout(Duration.ofSeconds(1)).build();
        server.hub("/pushwire", hub);
        server.start();
    }

    @AfterEach
    void stop() {
        clients.forEach(HubClient::close);
        if (server != null) {
            server.stop();
        }
        if (hub != null) {
            hub.close();
        }
        if (jwks != null) {
            jwks.stop(0);
        }
    }

    private HubClient client(String token) {
        HubClient c = HubClient.connect("ws://127.0.0.1:" + server.port() + "/pushwire",
                HubClientOptions.builder().token(token).build());
        clients.add(c);
        return c;
    }

    private static JWTClaimsSet claims(String user) {
        return new JWTClaimsSet.Builder().subject(user).issuer("https://auth.test").audience("pushwire")
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build();
    }

    @Test
    void rs256TokensVerifiedWithAJwksLetTheClientSubscribeAndPublish() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("2026-06").generate();
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] set = new JWKSet(key.toPublicJWK()).toString(true).getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks.json", exchange -> {
            exchange.sendResponseHeaders(200, set.length);
            exchange.getResponseBody().write(set);
            exchange.close();
        });
        jwks.start();
        start(JwtTokens.jwks(URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json"))
                .issuer("https://auth.test").audience("pushwire").build());

        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("2026-06").build(),
                claims("alice"));
        jwt.sign(new RSASSASigner(key));
        HubClient alice = client(jwt.serialize());
        List<Publication> seen = new CopyOnWriteArrayList<>();
        alice.channel("room").subscribe(seen::add).get(20, TimeUnit.SECONDS);
        alice.channel("room").publish("{\"text\":\"signed\"}").get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
        assertThat(seen.get(0).info().userId()).isEqualTo("alice");

        RSAKey stranger = new RSAKeyGenerator(2048).keyID("2026-06").generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("2026-06").build(),
                claims("mallory"));
        forged.sign(new RSASSASigner(stranger));
        HubClient mallory = client(forged.serialize());
        assertThatThrownBy(() -> mallory.connected().get(20, TimeUnit.SECONDS))
                .hasMessageContaining("the hub refused the connection: 4500");
        assertThat(alice.connected().get(1, TimeUnit.SECONDS).userId()).isEqualTo("alice");
    }

    @Test
    void es256TokensVerifiedWithAPemKeyWork() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(
                key.toPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        start(JwtTokens.publicKey(pem).issuer("https://auth.test").audience("pushwire").build());
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims("bob"));
        jwt.sign(new ECDSASigner(key));
        HubClient bob = client(jwt.serialize());
        bob.channel("room").subscribe(p -> { }).get(20, TimeUnit.SECONDS);
        assertThat(bob.channel("room").history(10).get(10, TimeUnit.SECONDS)).isEmpty();
    }
}
