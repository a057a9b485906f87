package dev.pushwire.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.pushwire.core.hub.Credentials;
import dev.pushwire.core.hub.InvalidTokenException;
import dev.pushwire.core.hub.TokenVerifier;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Connection tokens as JWTs signed with HS256 and a shared secret: verifies them for the hub
 * ({@link TokenVerifier}) and issues them (for a backend, tests and the command line). Uses Nimbus JOSE+JWT.
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
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] secret;
    private final Clock clock;

    private HmacJwtTokens(byte[] secret, Clock clock) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the token secret must be at least " + MIN_SECRET_BYTES
                    + " bytes (256 bits) for HS256; got " + secret.length);
        }
        this.secret = secret.clone();
        this.clock = Objects.requireNonNull(clock, "clock");
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

    @Override
    public Credentials verify(String token) throws InvalidTokenException {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidTokenException("the token is not a JWT", false);
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new InvalidTokenException("the token must be signed with HS256, not "
                    + jwt.getHeader().getAlgorithm(), false);
        }
        try {
            if (!jwt.verify(new MACVerifier(secret))) {
                throw new InvalidTokenException("the token's signature does not match", false);
            }
        } catch (JOSEException e) {
            throw new InvalidTokenException("the token's signature cannot be checked", false);
        }
        String sub = claims.getSubject();
        if (sub == null || sub.isEmpty()) {
            throw new InvalidTokenException("the token has no \"sub\" (user) claim", false);
        }
        Instant exp = claims.getExpirationTime() == null ? null : claims.getExpirationTime().toInstant();
        if (exp != null && !exp.isAfter(clock.instant())) {
            throw new InvalidTokenException("the token expired at " + exp, true);
        }
        return new Credentials(sub, exp, channels(claims), info(claims));
    }

    private static Set<String> channels(JWTClaimsSet claims) throws InvalidTokenException {
        Object value = claims.getClaim("channels");
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            throw new InvalidTokenException("the \"channels\" claim must be an array of strings", false);
        }
        Set<String> out = new LinkedHashSet<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw new InvalidTokenException("the \"channels\" claim must be an array of strings", false);
            }
            out.add(s);
        }
        return out;
    }

    private static String info(JWTClaimsSet claims) throws InvalidTokenException {
        Object value = claims.getClaim("info");
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new InvalidTokenException("the \"info\" claim must be a JSON object", false);
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new InvalidTokenException("the \"info\" claim cannot be read", false);
        }
    }
}
