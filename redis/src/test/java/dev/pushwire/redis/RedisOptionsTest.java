package dev.pushwire.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisOptionsTest {

    @Test
    void aCommaListIsOneShardPerUriWithPasswordsAndTls() {
        RedisOptions o = RedisOptions.parse("redis://a:6379, rediss://:pw@b:6380/2");
        assertThat(o.uris()).hasSize(2);
        assertThat(o.uris().get(1).isSsl()).isTrue();
        assertThat(new String(o.uris().get(1).getCredentialsProvider().resolveCredentials().block().getPassword()))
                .isEqualTo("pw");
        assertThat(o.uris().get(1).getDatabase()).isEqualTo(2);
        assertThat(o.describe()).isEqualTo("redis://a:6379,rediss://b:6380/2").doesNotContain("pw");
        assertThat(o.presenceTtl()).isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(o.nodeId()).matches("[0-9a-f]{8}");
    }

    @Test
    void badValuesSayWhatToWrite() {
        assertThatThrownBy(() -> RedisOptions.parse("localhost:6379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Redis URI: \"localhost:6379\"").hasMessageContaining("redis://host:6379");
        assertThatThrownBy(() -> RedisOptions.parse(" , "))
                .hasMessageContaining("at least one Redis URI is needed");
        assertThatThrownBy(() -> RedisOptions.builder().presenceTtl(Duration.ofMillis(10)))
                .hasMessageContaining("presenceTtl must be at least 1s");
        assertThatThrownBy(() -> RedisOptions.builder().keyPrefix("a b"))
                .hasMessageContaining("keyPrefix must be");
    }
}
