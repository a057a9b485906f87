package dev.pushwire.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.pushwire.core.hub.AsyncTokenVerifier;
import dev.pushwire.core.hub.Credentials;
import dev.pushwire.core.hub.InvalidTokenException;
import dev.pushwire.core.hub.TokenVerifier;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Verifies the hub's connection tokens: JWTs signed with HS256 (a shared secret), RS256 or ES256 (a public key in PEM,
 * or the keys a JWKS URL serves). Built on Nimbus JOSE+JWT.
 *
 * <pre>{@code
 * TokenVerifier v = JwtTokens.jwks(URI.create("https://auth.example.com/.well-known/jwks.json"))
 *         .issuer("https://auth.example.com").audience("pushwire").build();
 * Hub.create(HubOptions.builder().asyncTokenVerifier(v)...)   // JWKS: keys are fetched off the I/O threads
 * }</pre>
 *
 * <h2>Checks</h2>
 * The signature, with only the algorithms the key allows (HS256 for a secret, RS256 for an RSA key, ES256 for a P-256
 * key; a token with {@code alg: none} or another algorithm is refused); {@code sub} (the user, required);
 * {@code exp} required (unless {@link Builder#allowTokensWithoutExpiry}) and not past; {@code nbf} not ahead;
 * {@code iss} and {@code aud} when configured. Times are compared with a leeway for clocks that disagree (default
 * 60 s): the {@link Credentials#expiresAt()} the hub enforces is {@code exp} plus the leeway. Optional claims:
 * {@code channels} (array of names or {@code prefix*} patterns), {@code info} (JSON object shown in presence).
 *
 * <h2>JWKS</h2>
 * Keys are fetched on first use, cached for {@link Builder#jwksCacheTime} (default 5 min), refreshed ahead of expiry,
 * and fetched again (at most once every 30 s) when a token names a key id the cache does not hold, so a rotated key
 * is picked up. A fetch has a 2 s connect and read timeout. A token that cannot be checked because the keys cannot be
 * fetched is not "invalid": {@link #verify} throws an {@link IllegalStateException}, and the hub answers
 * {@code auth_unavailable} and closes with 1013 (try again later).
 *
 * <p>Immutable and thread safe. {@link #verifyAsync} does not block: with a JWKS it runs on two daemon threads of its
 * own; otherwise (keys in memory) on the caller's thread. {@link #verify} may block on a JWKS fetch.
 */
public final class JwtTokens implements TokenVerifier, AsyncTokenVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final Set<JWSAlgorithm> algorithms;
    private final String source;
    private final String issuer;
    private final String audience;
    private final Duration leeway;
    private final boolean allowNoExpiry;
    private final Clock clock;
    /** Runs verifications that may fetch keys; null when the keys are in memory. */
    private final ExecutorService fetching;

    private JwtTokens(Builder b) {
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(b.algorithms, b.keys));
        processor.setJWTClaimsSetVerifier((claims, context) -> { }); // checked below, with our clock and messages
        this.algorithms = b.algorithms;
        this.source = b.source;
        this.issuer = b.issuer;
        this.audience = b.audience;
        this.leeway = b.leeway;
        this.allowNoExpiry = b.allowNoExpiry;
        this.clock = b.clock;
        this.fetching = b.remote ? Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "pushwire-jwks-" + POOLS.incrementAndGet());
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** Tokens signed with HS256 and {@code secret} (UTF-8, at least 32 bytes). */
    public static Builder hs256(String secret) {
        byte[] bytes = Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8);
        if (bytes.length < HmacJwtTokens.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the token secret must be at least " + HmacJwtTokens.MIN_SECRET_BYTES
                    + " bytes (256 bits) for HS256; got " + bytes.length);
        }
        return new Builder(Set.of(JWSAlgorithm.HS256), new ImmutableSecret<>(bytes), "an HS256 secret", false);
    }

    /**
     * Tokens signed with the private half of {@code pem}, a public key ({@code -----BEGIN PUBLIC KEY-----}, X.509
     * SubjectPublicKeyInfo): RS256 for an RSA key (2048 bits or more), ES256 for an EC P-256 key.
     *
     * @throws IllegalArgumentException if {@code pem} is not such a key
     */
    public static Builder publicKey(String pem) {
        PublicKey key = parsePem(pem);
        try {
            if (key instanceof RSAPublicKey rsa) {
                if (rsa.getModulus().bitLength() < 2048) {
                    throw new IllegalArgumentException("an RS256 key must have at least 2048 bits, this one has "
                            + rsa.getModulus().bitLength());
                }
                return new Builder(Set.of(JWSAlgorithm.RS256),
                        new ImmutableJWKSet<>(new JWKSet(new com.nimbusds.jose.jwk.RSAKey.Builder(rsa).build())),
                        "an RSA public key", false);
            }
            ECPublicKey ec = (ECPublicKey) key;
            com.nimbusds.jose.jwk.Curve curve = com.nimbusds.jose.jwk.Curve.forECParameterSpec(ec.getParams());
            if (!com.nimbusds.jose.jwk.Curve.P_256.equals(curve)) {
                throw new IllegalArgumentException("an ES256 key must be on curve P-256, this one is " + curve);
            }
            return new Builder(Set.of(JWSAlgorithm.ES256),
                    new ImmutableJWKSet<>(new JWKSet(new com.nimbusds.jose.jwk.ECKey.Builder(curve, ec).build())),
                    "an EC public key", false);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("the public key must be RSA (RS256) or EC P-256 (ES256), not "
                    + key.getAlgorithm());
        }
    }

    /** Tokens signed (RS256 or ES256) with one of the keys served at {@code url} as a JWK set. */
    public static Builder jwks(URI url) {
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.<SecurityContext>create(url.toURL(), new DefaultResourceRetriever(2000, 2000,
                            512 * 1024))
                    .cache(Duration.ofMinutes(5).toMillis(), Duration.ofSeconds(15).toMillis())
                    .rateLimited(Duration.ofSeconds(30).toMillis())
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the JWKS URL " + url + " is not a URL: " + e.getMessage());
        }
        Builder b = new Builder(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys, "the JWKS at " + url, true);
        b.jwksUrl = url;
        return b;
    }

    @Override
    public Credentials verify(String token) throws InvalidTokenException {
        com.nimbusds.jwt.JWT jwt;
        try {
            jwt = com.nimbusds.jwt.JWTParser.parse(token);
        } catch (ParseException e) {
            throw new InvalidTokenException("the token is not a JWT", false);
        }
        if (!(jwt instanceof com.nimbusds.jwt.SignedJWT signed)) {
            throw new InvalidTokenException("the token is not signed (alg " + jwt.getHeader().getAlgorithm()
                    + "); it must be signed with " + source, false);
        }
        if (!algorithms.contains(signed.getHeader().getAlgorithm())) {
            throw new InvalidTokenException("the token must be signed with " + algorithms + ", not "
                    + signed.getHeader().getAlgorithm(), false);
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(signed, null);
        } catch (BadJOSEException e) {
            String m = String.valueOf(e.getMessage());
            throw new InvalidTokenException(m.contains("Invalid signature") ? "the token's signature does not match"
                    : m.contains("no matching key") ? "no key of " + source + " matches the token (kid "
                    + signed.getHeader().getKeyID() + ")" : "the token was refused: " + m, false);
        } catch (KeySourceException e) {
            throw new IllegalStateException("the token's signing keys could not be fetched from " + source + ": "
                    + e.getMessage(), e);
        } catch (JOSEException e) {
            throw new InvalidTokenException("the token's signature cannot be checked: " + e.getMessage(), false);
        }
        return credentials(claims);
    }

    /** Verifies without blocking the caller: on this verifier's threads with a JWKS, else at once. */
    @Override
    public CompletionStage<Credentials> verifyAsync(String token) {
        if (fetching == null) {
            return AsyncTokenVerifier.of(this).verifyAsync(token);
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return verify(token);
            } catch (InvalidTokenException e) {
                throw new CompletionException(e);
            }
        }, fetching);
    }

    private Credentials credentials(JWTClaimsSet claims) throws InvalidTokenException {
        Instant now = clock.instant();
        String sub = claims.getSubject();
        if (sub == null || sub.isEmpty()) {
            throw new InvalidTokenException("the token has no \"sub\" (user) claim", false);
        }
        Instant exp = claims.getExpirationTime() == null ? null : claims.getExpirationTime().toInstant();
        if (exp == null && !allowNoExpiry) {
            throw new InvalidTokenException("the token has no \"exp\" (expiry) claim; this server requires one", false);
        }
        Instant deadline = exp == null ? null : exp.plus(leeway);
        if (deadline != null && !deadline.isAfter(now)) {
            throw new InvalidTokenException("the token expired at " + exp, true);
        }
        if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().minus(leeway).isAfter(now)) {
            throw new InvalidTokenException("the token is not valid before " + claims.getNotBeforeTime().toInstant(),
                    false);
        }
        if (issuer != null && !issuer.equals(claims.getIssuer())) {
            throw new InvalidTokenException("the token's issuer (\"iss\") is " + quote(claims.getIssuer())
                    + ", not \"" + issuer + "\"", false);
        }
        if (audience != null && (claims.getAudience() == null || !claims.getAudience().contains(audience))) {
            throw new InvalidTokenException("the token's audience (\"aud\") " + claims.getAudience()
                    + " does not include \"" + audience + "\"", false);
        }
        return new Credentials(sub, deadline, channels(claims), info(claims));
    }

    private static String quote(String s) {
        return s == null ? "missing" : "\"" + s + "\"";
    }

    static Set<String> channels(JWTClaimsSet claims) throws InvalidTokenException {
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

    static String info(JWTClaimsSet claims) throws InvalidTokenException {
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

    private static PublicKey parsePem(String pem) {
        Objects.requireNonNull(pem, "pem");
        String body = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        if (!pem.contains("-----BEGIN PUBLIC KEY-----") || body.isEmpty()) {
            throw new IllegalArgumentException("expected a PEM public key (-----BEGIN PUBLIC KEY-----); for a"
                    + " certificate, extract its key with: openssl x509 -pubkey -noout -in cert.pem");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM public key is not valid base64");
        }
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (Exception e) {
                // try the next
            }
        }
        throw new IllegalArgumentException("the PEM public key is neither an RSA nor an EC key");
    }

    /** Builds {@link JwtTokens}; every setter documents its default. Not thread safe. */
    public static final class Builder {
        private final Set<JWSAlgorithm> algorithms;
        private final JWKSource<SecurityContext> keys;
        private final String source;
        private final boolean remote;
        private URI jwksUrl;
        private String issuer;
        private String audience;
        private Duration leeway = Duration.ofSeconds(60);
        private boolean allowNoExpiry;
        private Clock clock = Clock.systemUTC();

        private Builder(Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> keys, String source, boolean remote) {
            this.algorithms = algorithms;
            this.keys = keys;
            this.source = source;
            this.remote = remote;
        }

        /** The required {@code iss}; default null (not checked). */
        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** A value {@code aud} must contain; default null (not checked). */
        public Builder audience(String audience) {
            this.audience = audience;
            return this;
        }

        /** Clock skew allowed on {@code exp} and {@code nbf}; default 60 s. */
        public Builder leeway(Duration leeway) {
            Objects.requireNonNull(leeway, "leeway");
            if (leeway.isNegative()) {
                throw new IllegalArgumentException("leeway must not be negative: " + leeway);
            }
            this.leeway = leeway;
            return this;
        }

        /** Accept tokens without {@code exp} (they never expire; a stolen one works forever). Default false. */
        public Builder allowTokensWithoutExpiry(boolean allow) {
            this.allowNoExpiry = allow;
            return this;
        }

        /** The clock; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public JwtTokens build() {
            return new JwtTokens(this);
        }
    }
}
