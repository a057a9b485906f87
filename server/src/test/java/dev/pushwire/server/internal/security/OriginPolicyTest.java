package dev.pushwire.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The origin rules, case by case: same origin, listed, wildcard, any, and what CORS each gets. */
class OriginPolicyTest {
    private final OriginPolicy sameOnly = OriginPolicy.of(List.of());

    @Test
    void withNoListOnlyTheServersOwnSchemeHostAndPortAreAllowed() {
        assertThat(sameOnly.check("http://127.0.0.1:8080", "http", "127.0.0.1:8080").allowed()).isTrue();
        assertThat(sameOnly.check("http://localhost", "http", "localhost:80").allowed()).as("default port").isTrue();
        assertThat(sameOnly.check("https://app.example", "https", "APP.example").allowed()).isTrue();
        assertThat(sameOnly.check("http://127.0.0.1:9090", "http", "127.0.0.1:8080").allowed()).as("port").isFalse();
        assertThat(sameOnly.check("https://127.0.0.1:8080", "http", "127.0.0.1:8080").allowed()).as("scheme")
                .isFalse();
        assertThat(sameOnly.check("http://evil.example:8080", "http", "127.0.0.1:8080").allowed()).as("host")
                .isFalse();
        assertThat(sameOnly.check("null", "http", "127.0.0.1:8080").allowed()).as("opaque origin").isFalse();
        assertThat(sameOnly.check("http://[::1]:8080", "http", "[::1]:8080").allowed()).as("IPv6").isTrue();
        assertThat(sameOnly.check("http://x:8080", "http", null).allowed()).as("no Host").isFalse();
    }

    @Test
    void aRequestWithoutOriginIsNotFromAPageAndIsAllowedWithoutCors() {
        OriginPolicy.Verdict v = sameOnly.check(null, "http", "127.0.0.1:8080");
        assertThat(v.allowed()).isTrue();
        assertThat(v.corsOrigin()).isNull();
    }

    @Test
    void listedOriginsAndSubdomainWildcardsGetCredentialedCors() {
        OriginPolicy p = OriginPolicy.of(List.of("https://app.example.com", "https://*.example.org:8443"));
        OriginPolicy.Verdict exact = p.check("https://app.example.com", "http", "backend:8080");
        assertThat(exact).isEqualTo(new OriginPolicy.Verdict(true, "https://app.example.com", true));
        assertThat(p.check("https://a.b.example.org:8443", "http", "backend").allowed()).isTrue();
        assertThat(p.check("https://example.org:8443", "http", "backend").allowed()).as("not the parent").isFalse();
        assertThat(p.check("https://a.example.org", "http", "backend").allowed()).as("port 443").isFalse();
        assertThat(p.check("https://evilexample.org:8443", "http", "backend").allowed()).isFalse();
        assertThat(p.check("http://app.example.com", "http", "backend").allowed()).as("scheme").isFalse();
    }

    @Test
    void starAllowsAnyOriginButNeverWithCredentials() {
        OriginPolicy p = OriginPolicy.of(List.of("*", "https://app.example"));
        assertThat(p.check("https://anything.example", "http", "h")).isEqualTo(
                new OriginPolicy.Verdict(true, "*", false));
        assertThat(p.check("https://app.example", "http", "h").credentials()).as("a listed one still").isTrue();
        assertThat(p.describe()).contains("*");
    }

    @Test
    void refusesEntriesThatAreNotOrigins() {
        assertThatThrownBy(() -> OriginPolicy.of(List.of("app.example.com")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheme://host[:port]");
        assertThatThrownBy(() -> OriginPolicy.of(List.of("https://app.example.com/path")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theStartLogSaysHowOriginsAreChecked() {
        assertThat(sameOnly.describe()).contains("same origin only");
        assertThat(OriginPolicy.of(List.of("https://*.example.com")).describe())
                .contains("https://*.example.com:443");
    }
}
