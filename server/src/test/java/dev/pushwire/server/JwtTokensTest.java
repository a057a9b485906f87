package dev.pushwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
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
import dev.pushwire.core.hub.Credentials;
import dev.pushwire.core.hub.InvalidTokenException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Connection tokens with Nimbus: HS256, RS256 and ES256 from a PEM key, RS256 from a JWKS served by a real local HTTP
 * server (cached, and fetched again for a rotated key), and the claim checks with their leeway.
 */
class JwtTokensTest {
    static final String SECRET = "a-test-secret-of-at-least-32-bytes!!";
    private final Instant now = Instant.parse("2026-06-01T12:00:00Z");
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);

    static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private JWTClaimsSet.Builder claims(String user, Instant exp) {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().subject(user);
        if (exp != null) {
            b.expirationTime(Date.from(exp));
        }
        return b;
    }

    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    @Test
    void rs256AndEs256TokensVerifyWithAPemPublicKeyAndOtherAlgorithmsAreRefused() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        JwtTokens rsaTokens = JwtTokens.publicKey(pem(rsa.toPublicKey())).clock(clock).build();
        String token = sign(new RSASSASigner(rsa), new JWSHeader(JWSAlgorithm.RS256),
                claims("alice", now.plusSeconds(300)).claim("channels", List.of("chat:*")).build());
        Credentials c = rsaTokens.verify(token);
        assertThat(c.userId()).isEqualTo("alice");
        assertThat(c.channels()).containsExactly("chat:*");
        assertThat(c.expiresAt()).as("exp plus the 60 s leeway").isEqualTo(now.plusSeconds(360));

        ECKey ec = new ECKeyGenerator(Curve.P_256).generate();
        JwtTokens ecTokens = JwtTokens.publicKey(pem(ec.toPublicKey())).clock(clock).build();
        String ecToken = sign(new ECDSASigner(ec), new JWSHeader(JWSAlgorithm.ES256),
                claims("bob", now.plusSeconds(300)).build());
        assertThat(ecTokens.verify(ecToken).userId()).isEqualTo("bob");

        String hs = sign(new MACSigner(SECRET), new JWSHeader(JWSAlgorithm.HS256), claims("eve", now.plusSeconds(300))
                .build());
        assertThatThrownBy(() -> rsaTokens.verify(hs)).isInstanceOf(InvalidTokenException.class)
                .hasMessage("the token must be signed with [RS256], not HS256");
        assertThatThrownBy(() -> rsaTokens.verify(ecToken)).hasMessageContaining("not ES256");
        RSAKey other = new RSAKeyGenerator(2048).generate();
        String forged = sign(new RSASSASigner(other), new JWSHeader(JWSAlgorithm.RS256),
                claims("alice", now.plusSeconds(300)).build());
        assertThatThrownBy(() -> rsaTokens.verify(forged)).hasMessage("the token's signature does not match");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String none = b64.encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
                + b64.encodeToString("{\"sub\":\"root\"}".getBytes()) + ".";
        assertThatThrownBy(() -> rsaTokens.verify(none)).hasMessageContaining("not signed");
    }

    @Test
    void expIsRequiredUnlessAllowedAndExpNbfIssAndAudAreCheckedWithTheLeeway() throws Exception {
        MACSigner signer = new MACSigner(SECRET);
        JWSHeader hs = new JWSHeader(JWSAlgorithm.HS256);
        JwtTokens tokens = JwtTokens.hs256(SECRET).issuer("https://auth.example").audience("pushwire")
                .clock(clock).build();
        JWTClaimsSet.Builder good = claims("alice", now.plusSeconds(60)).issuer("https://auth.example")
                .audience(List.of("pushwire", "other"));
        assertThat(tokens.verify(sign(signer, hs, good.build())).userId()).isEqualTo("alice");

        String noExp = sign(signer, hs, new JWTClaimsSet.Builder().subject("alice").issuer("https://auth.example")
                .audience("pushwire").build());
        assertThatThrownBy(() -> tokens.verify(noExp)).hasMessageContaining("no \"exp\"");
        assertThat(JwtTokens.hs256(SECRET).allowTokensWithoutExpiry(true).clock(clock).build().verify(
                sign(signer, hs, new JWTClaimsSet.Builder().subject("alice").build())).expiresAt()).isNull();

        String recent = sign(signer, hs, claims("alice", now.minusSeconds(30)).issuer("https://auth.example")
                .audience("pushwire").build());
        assertThat(tokens.verify(recent).userId()).as("expired 30 s ago: inside the leeway").isEqualTo("alice");
        String old = sign(signer, hs, claims("alice", now.minusSeconds(61)).issuer("https://auth.example")
                .audience("pushwire").build());
        assertThatThrownBy(() -> tokens.verify(old)).isInstanceOf(InvalidTokenException.class)
                .satisfies(e -> assertThat(((InvalidTokenException) e).expired()).isTrue());

        String early = sign(signer, hs, good.notBeforeTime(Date.from(now.plusSeconds(120))).build());
        assertThatThrownBy(() -> tokens.verify(early)).hasMessageContaining("not valid before");
        String soon = sign(signer, hs, good.notBeforeTime(Date.from(now.plusSeconds(30))).build());
        assertThat(tokens.verify(soon).userId()).as("nbf 30 s ahead: inside the leeway").isEqualTo("alice");

        String otherIssuer = sign(signer, hs, claims("alice", now.plusSeconds(60)).issuer("https://evil.example")
                .audience("pushwire").build());
        assertThatThrownBy(() -> tokens.verify(otherIssuer)).hasMessageContaining("issuer");
        String otherAudience = sign(signer, hs, claims("alice", now.plusSeconds(60)).issuer("https://auth.example")
                .audience("billing").build());
        assertThatThrownBy(() -> tokens.verify(otherAudience)).hasMessageContaining("audience");
    }

    @Test
    void jwksKeysAreFetchedFromARealServerCachedAndFetchedAgainForARotatedKey() throws Exception {
        RSAKey first = new RSAKeyGenerator(2048).keyID("k1").generate();
        RSAKey second = new RSAKeyGenerator(2048).keyID("k2").generate();
        try (JwksServer jwks = new JwksServer()) {
            jwks.keys.set(new JWKSet(first.toPublicJWK()));
            JwtTokens tokens = JwtTokens.jwks(jwks.url()).build();
            String t1 = sign(new RSASSASigner(first), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                    claims("alice", Instant.now().plusSeconds(300)).build());
            assertThat(tokens.verifyAsync(t1).toCompletableFuture().get(10, TimeUnit.SECONDS).userId())
                    .isEqualTo("alice");
            assertThat(tokens.verify(t1).userId()).isEqualTo("alice");
            assertThat(jwks.requests.get()).as("the key set is cached").isEqualTo(1);

            jwks.keys.set(new JWKSet(List.of(first.toPublicJWK(), second.toPublicJWK())));
            String t2 = sign(new RSASSASigner(second), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k2").build(),
                    claims("bob", Instant.now().plusSeconds(300)).build());
            assertThat(tokens.verify(t2).userId()).as("an unknown kid fetches the set again").isEqualTo("bob");
            assertThat(jwks.requests.get()).isEqualTo(2);
        }
    }

    @Test
    void aJwksThatCannotBeReachedIsNotAnInvalidToken() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        URI gone;
        try (JwksServer jwks = new JwksServer()) {
            gone = jwks.url();
        }
        JwtTokens tokens = JwtTokens.jwks(gone).build();
        String t = sign(new RSASSASigner(key), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                claims("alice", Instant.now().plusSeconds(300)).build());
        assertThatThrownBy(() -> tokens.verify(t)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not be fetched");
    }

    @Test
    void aPemThatIsNotAPublicKeyIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> JwtTokens.publicKey("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"))
                .hasMessageContaining("openssl x509 -pubkey");
    }

    /** A JWK set served over HTTP on a free loopback port, counting its requests. */
    static final class JwksServer implements AutoCloseable {
        final AtomicReference<JWKSet> keys = new AtomicReference<>(new JWKSet());
        final AtomicInteger requests = new AtomicInteger();
        private final HttpServer server;

        JwksServer() throws Exception {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/jwks.json", exchange -> {
                requests.incrementAndGet();
                byte[] body = keys.get().toString(true).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
