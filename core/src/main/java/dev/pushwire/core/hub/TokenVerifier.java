package dev.pushwire.core.hub;

/**
 * Checks a connection token (sent in the hub's {@code connect} and {@code refresh} commands) and says who it names.
 * The server module's {@code JwtTokens} verifies JWTs (HS256, RS256, ES256, JWKS); applications may plug their own.
 *
 * <p>Threading: called on the client connection's I/O thread; must not block (verify with keys in memory). To ask
 * an auth service, use {@link AsyncTokenVerifier} instead.
 */
@FunctionalInterface
public interface TokenVerifier {

    /**
     * @return the credentials the token carries
     * @throws InvalidTokenException if the token is malformed, forged or expired
     */
    Credentials verify(String token) throws InvalidTokenException;
}
