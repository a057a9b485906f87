package dev.pushwire.app.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.pushwire.app.ServeSettings;
import dev.pushwire.core.hub.AsyncTokenVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serve settings of issue 13: origins, abuse limits, capacity and token keys, from flags and the environment. */
class SecuritySettingsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreSameOriginTheFdLimitAndTheDocumentedAbuseLimits() throws Exception {
        ServeSettings s = SettingsResolver.resolve(Map.of(), null, Map.of());
        assertThat(s.allowedOrigins()).isEmpty();
        assertThat(s.maxConnections()).isZero();
        assertThat(s.abuseLimits().maxConnectionsPerIp()).isEqualTo(1000);
        assertThat(s.abuseLimits().messagesPerSecond()).isEqualTo(1000);
        assertThat(s.abuseLimits().httpSessionsPerIpPerMinute()).isEqualTo(300);
        assertThat(s.tokenLeeway()).isEqualTo(Duration.ofSeconds(60));
        assertThat(DemoHub.tokenVerifier(s)).as("no key: no tokens").isNull();
    }

    @Test
    void everyLimitIsAFlagOrAnEnvironmentVariable() throws Exception {
        ServeSettings s = SettingsResolver.resolve(Map.of(
                ServeSetting.MAX_CONNECTIONS_PER_IP, "10",
                ServeSetting.MESSAGES_PER_SECOND, "50",
                ServeSetting.MESSAGE_BURST, "100",
                ServeSetting.TRUSTED_PROXIES, "10.0.0.0/8, ::1",
                ServeSetting.ALLOWED_ORIGINS, "https://*.example.com"), null, Map.of(
                "PUSHWIRE_HTTP_SESSIONS_PER_IP_PER_MINUTE", "20", "PUSHWIRE_MAX_HTTP_SESSIONS", "30"));
        assertThat(s.abuseLimits().maxConnectionsPerIp()).isEqualTo(10);
        assertThat(s.abuseLimits().messagesPerSecond()).isEqualTo(50);
        assertThat(s.abuseLimits().messageBurst()).isEqualTo(100);
        assertThat(s.abuseLimits().httpSessionsPerIpPerMinute()).isEqualTo(20);
        assertThat(s.abuseLimits().maxHttpSessions()).isEqualTo(30);
        assertThat(s.abuseLimits().trustedProxies()).containsExactly("10.0.0.0/8", "::1");
        assertThat(s.allowedOrigins()).containsExactly("https://*.example.com");
    }

    @Test
    void aBadOriginOrProxyIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(ServeSetting.ALLOWED_ORIGINS, "example.com"), null,
                Map.of())).hasMessageContaining("allowed-origins").hasMessageContaining("scheme://host");
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(ServeSetting.TRUSTED_PROXIES, "proxy.local"), null,
                Map.of())).hasMessageContaining("trusted-proxies").hasMessageContaining("CIDR");
    }

    @Test
    void aPemPublicKeyFlagMakesAnEs256VerifierWithIssuerAudienceAndLeeway() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        Path pem = dir.resolve("tokens.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(key.toPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        ServeSettings s = SettingsResolver.resolve(Map.of(ServeSetting.TOKEN_PUBLIC_KEY, pem.toString(),
                ServeSetting.TOKEN_ISSUER, "https://auth.test", ServeSetting.TOKEN_AUDIENCE, "pushwire"), null,
                Map.of());
        AsyncTokenVerifier verifier = DemoHub.tokenVerifier(s);
        SignedJWT good = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), new JWTClaimsSet.Builder().subject("dana")
                .issuer("https://auth.test").audience("pushwire")
                .expirationTime(Date.from(Instant.now().plusSeconds(60))).build());
        good.sign(new ECDSASigner(key));
        assertThat(verifier.verifyAsync(good.serialize()).toCompletableFuture().get(5, TimeUnit.SECONDS).userId())
                .isEqualTo("dana");
        SignedJWT noAudience = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), new JWTClaimsSet.Builder()
                .subject("dana").issuer("https://auth.test").expirationTime(Date.from(Instant.now().plusSeconds(60)))
                .build());
        noAudience.sign(new ECDSASigner(key));
        assertThat(verifier.verifyAsync(noAudience.serialize()).toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    void twoTokenKeysAtOnceAreRefused() {
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(
                ServeSetting.TOKEN_SECRET, "a-secret-that-is-long-enough-for-hs256!!",
                ServeSetting.TOKEN_JWKS_URL, "https://auth.test/jwks.json"), null, Map.of()))
                .hasMessageContaining("one of token-secret, token-public-key and token-jwks-url");
    }
}
