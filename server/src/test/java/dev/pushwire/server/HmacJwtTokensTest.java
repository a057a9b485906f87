package dev.pushwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pushwire.core.hub.Credentials;
import dev.pushwire.core.hub.InvalidTokenException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HmacJwtTokensTest {
    private static final String SECRET = "a-test-secret-of-at-least-32-bytes!!";
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final HmacJwtTokens tokens = HmacJwtTokens.withSecret(SECRET).withClock(clock);

    @Test
    void anIssuedTokenVerifiesWithItsClaims() throws Exception {
        String token = tokens.issue("alice", clock.instant().plusSeconds(60), Set.of("chat:*"),
                Map.of("name", "Alice"));
        Credentials c = tokens.verify(token);
        assertThat(c.userId()).isEqualTo("alice");
        assertThat(c.expiresAt()).isEqualTo(clock.instant().plusSeconds(60));
        assertThat(c.channels()).containsExactly("chat:*");
        assertThat(c.allowsChannel("chat:lobby")).isTrue();
        assertThat(c.allowsChannel("admin")).isFalse();
        assertThat(c.info()).isEqualTo("{\"name\":\"Alice\"}");
    }

    @Test
    void aTokenSignedWithAnotherSecretIsForged() {
        String forged = HmacJwtTokens.withSecret("another-secret-that-is-32-bytes-long").withClock(clock)
                .issue("alice", Duration.ofMinutes(1));
        assertThatThrownBy(() -> tokens.verify(forged)).isInstanceOf(InvalidTokenException.class)
                .hasMessage("the token's signature does not match")
                .satisfies(e -> assertThat(((InvalidTokenException) e).expired()).isFalse());
    }

    @Test
    void anExpiredTokenIsRefusedAsExpired() {
        String old = tokens.issue("alice", clock.instant().minusSeconds(1), null, null);
        assertThatThrownBy(() -> tokens.verify(old)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("expired")
                .satisfies(e -> assertThat(((InvalidTokenException) e).expired()).isTrue());
    }

    @Test
    void anUnsignedTokenIsRefused() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String none = b64.encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
                + b64.encodeToString("{\"sub\":\"root\"}".getBytes()) + ".";
        assertThatThrownBy(() -> tokens.verify(none)).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> tokens.verify("not a token")).isInstanceOf(InvalidTokenException.class)
                .hasMessage("the token is not a JWT");
    }

    @Test
    void aShortSecretIsRefusedUpFront() {
        assertThatThrownBy(() -> HmacJwtTokens.withSecret("short"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32 bytes");
    }
}
