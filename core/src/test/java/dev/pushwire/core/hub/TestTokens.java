package dev.pushwire.core.hub;

import java.time.Instant;
import java.util.Set;

/**
 * A token verifier for unit tests (the real one, JWT, lives in the server module). Tokens read
 * {@code user=NAME[;exp=EPOCH_MILLIS][;channels=A,B]}; anything else is "forged".
 */
final class TestTokens implements TokenVerifier {
    static String token(String user) {
        return "user=" + user;
    }

    static String token(String user, Instant expires) {
        return "user=" + user + ";exp=" + expires.toEpochMilli();
    }

    @Override
    public Credentials verify(String token) throws InvalidTokenException {
        String user = null;
        Instant exp = null;
        Set<String> channels = null;
        for (String field : token.split(";")) {
            String[] kv = field.split("=", 2);
            if (kv.length != 2) {
                throw new InvalidTokenException("the token's signature does not match", false);
            }
            switch (kv[0]) {
                case "user" -> user = kv[1];
                case "exp" -> exp = Instant.ofEpochMilli(Long.parseLong(kv[1]));
                case "channels" -> channels = Set.of(kv[1].split(","));
                default -> throw new InvalidTokenException("the token's signature does not match", false);
            }
        }
        if (user == null || user.isEmpty()) {
            throw new InvalidTokenException("the token's signature does not match", false);
        }
        return new Credentials(user, exp, channels, "{\"name\":\"" + user + "\"}");
    }
}
