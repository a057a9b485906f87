package dev.pushwire.app.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pushwire.app.ServeSettings;
import dev.pushwire.core.hub.ChannelOptions;
import dev.pushwire.core.hub.SlowSubscriberPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config file's {@code namespace.<name>.<key>} keys: read into channel options, and every mistake named. */
class NamespaceConfigTest {
    @TempDir
    Path dir;

    private ServeSettings resolve(String config) throws IOException {
        Path file = dir.resolve("prod.properties");
        Files.writeString(file, config);
        return SettingsResolver.resolve(Map.of(), file, Map.of());
    }

    private String error(String config) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> resolve(config));
        assertThat(t).isInstanceOf(SettingsException.class);
        return t.getMessage();
    }

    @Test
    void namespacesAndTheDefaultAreReadWithEveryKey() throws IOException {
        ServeSettings s = resolve("""
                demo=false
                namespace.chat.pattern=chat:*
                namespace.chat.history-size=50
                namespace.chat.history-ttl=10m
                namespace.chat.presence=true
                namespace.chat.join-leave=false
                namespace.chat.client-publish=true
                namespace.chat.allow-anonymous=true
                namespace.prices.pattern=prices:*
                namespace.prices.history-size=0
                namespace.prices.client-publish=false
                namespace.prices.slow-subscriber-policy=latest-value
                namespace.default.allow-anonymous=false
                namespace.default.slow-subscriber-policy=drop-oldest
                namespace.default.slow-subscriber-queue=16
                """);
        assertThat(s.demo()).isFalse();
        ChannelOptions chat = s.namespaces().byPattern().get("chat:*");
        assertThat(chat.historySize()).isEqualTo(50);
        assertThat(chat.historyTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(chat.joinLeave()).isFalse();
        assertThat(chat.allowAnonymous()).isTrue();
        ChannelOptions prices = s.namespaces().byPattern().get("prices:*");
        assertThat(prices.historySize()).isZero();
        assertThat(prices.clientPublish()).isFalse();
        assertThat(prices.slowSubscriberPolicy()).isEqualTo(SlowSubscriberPolicy.LATEST_VALUE);
        ChannelOptions other = s.namespaces().defaults().orElseThrow();
        assertThat(other.slowSubscriberPolicy()).isEqualTo(SlowSubscriberPolicy.DROP_OLDEST);
        assertThat(other.slowSubscriberQueue()).isEqualTo(16);
    }

    @Test
    void everyMistakeIsNamedWithWhatToWriteInstead() {
        assertThat(error("namespace.chat.history-size=10\n"))
                .contains("namespace.chat.pattern").contains("missing").contains("chat:*");
        assertThat(error("namespace.chat.pattern=chat:*\nnamespace.chat.histroy-size=10\n"))
                .contains("namespace.chat.histroy-size").contains("unknown namespace key").contains("history-size");
        assertThat(error("namespace.chat.pattern=chat:*\nnamespace.chat.history-size=lots\n"))
                .contains("namespace.chat.history-size").contains("'lots' is not a whole number");
        assertThat(error("namespace.chat.pattern=chat:*\nnamespace.chat.history-ttl=-5\n"))
                .contains("namespace.chat.history-ttl").contains("not a duration");
        assertThat(error("namespace.chat.pattern=chat:*\nnamespace.chat.slow-subscriber-policy=wait\n"))
                .contains("namespace.chat.slow-subscriber-policy").contains("close, drop-oldest, latest-value");
        assertThat(error("namespace.chat.pattern=c*at\n"))
                .contains("namespace.chat.pattern").contains("prefix ending in '*'");
        assertThat(error("namespace.a.pattern=chat:*\nnamespace.b.pattern=chat:*\n"))
                .contains("already the pattern of namespace a");
        assertThat(error("namespace.default.pattern=x*\n")).contains("takes no pattern");
        assertThat(error("namespace.chat=1\n")).contains("namespace.<name>.<key>");
        assertThat(error("nmespace.chat.pattern=chat:*\n")).contains("unknown key nmespace.chat.pattern");
    }

    @Test
    void badServerSettingsOfThisIssueAreNamedToo() {
        assertThat(error("admin-password=short\n")).contains("admin-password").contains("at least 8 characters");
        assertThat(error("drain-period=soon\n")).contains("drain-period").contains("not a duration");
        assertThat(error("demo=maybe\n")).contains("demo").contains("true or false");
    }

    @Test
    void withoutNamespacesEveryChannelGetsTheModesDefault() throws IOException {
        ServeSettings s = resolve("demo=false\n");
        assertThat(s.namespaces().byPattern()).isEmpty();
        assertThat(s.namespaces().defaults()).isEmpty();
        assertThatThrownBy(() -> resolve("namespace.x.pattern=\n")).hasMessageContaining("missing");
    }
}
