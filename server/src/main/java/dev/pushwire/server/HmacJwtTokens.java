package dev.pushwire.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.pushwire.core.hub.Credentials;
import dev.pushwire.core.hub.InvalidTokenException;
import dev.pushwire.core.hub.TokenVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Connection tokens as JWTs signed with HS256 and a shared secret: issues them (for a backend, tests and the command
 * line) and verifies them for the hub ({@link TokenVerifier}) through {@link JwtTokens}, leniently ({@code exp}
 * optional, no leeway). Uses Nimbus JOSE+JWT.
 *
 * <p>Claims: {@code sub} (the user, required), {@code exp} (Unix seconds, optional), {@code channels} (optional
 * array of channel names or {@code prefix*} patterns), {@code info} (optional JSON object shown in presence). A
 * token signed with another algorithm (including {@code none}) is refused.
 *
 * <p>Immutable and thread safe; verification does not block.
 */
public final class HmacJwtTokens implements TokenVerifier {
    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    private final byte[] secret;
    private final Clock clock;
    private final JwtTokens verifier;

    private HmacJwtTokens(byte[] secret, Clock clock) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the token secret must be at least " + MIN_SECRET_BYTES
                    + " bytes (256 bits) for HS256; got " + secret.length);
        }
        this.secret = secret.clone();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.verifier = JwtTokens.hs256(new String(secret, StandardCharsets.UTF_8)).allowTokensWithoutExpiry(true)
                .leeway(Duration.ZERO).clock(clock).build();
    }

    /** Tokens with this secret (UTF-8, at least 32 bytes), checked against the system clock. */
    public static HmacJwtTokens withSecret(String secret) {
        return new HmacJwtTokens(secret.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
    }

    /** The same secret, checked against {@code clock}. */
    public HmacJwtTokens withClock(Clock clock) {
        return new HmacJwtTokens(secret, clock);
    }

    /** A token for {@code user} that expires after {@code ttl}. */
    public String issue(String user, Duration ttl) {
        return issue(user, clock.instant().plus(ttl), null, null);
    }

    /**
     * A token.
     *
     * @param expires  null for a token that never expires
     * @param channels null for no channel limit
     * @param info     null, or a map turned into the {@code info} JSON object
     */
    public String issue(String user, Instant expires, Set<String> channels, Map<String, Object> info) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(user).issueTime(Date.from(clock.instant()));
        if (expires != null) {
            claims.expirationTime(Date.from(expires));
        }
        if (channels != null) {
            claims.claim("channels", List.copyOf(channels));
        }
        if (info != null) {
            claims.claim("info", info);
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
    }

    /**
     * Checks a token as {@link JwtTokens#hs256} does, with this class's lenient defaults: {@code exp} optional and no
     * leeway. For a server on a network, prefer {@code JwtTokens.hs256(secret).build()} (exp required, 60 s leeway,
     * issuer and audience checks).
     */
    @Override
    public Credentials verify(String token) throws InvalidTokenException {
        return verifier.verify(token);
    }
}
