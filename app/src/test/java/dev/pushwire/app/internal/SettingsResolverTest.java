package dev.pushwire.app.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pushwire.app.ServeSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsResolverTest {
    @TempDir
    Path dir;

    @Test
    void nothingGivenGivesTheDocumentedDefaults() {
        ServeSettings s = SettingsResolver.resolve(Map.of(), null, Map.of());
        assertThat(s.host()).isEqualTo("0.0.0.0");
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.limits().maxMessageBytes()).isEqualTo(1 << 20);
        assertThat(s.limits().pingInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(s.maxConnections()).as("0: from the fd limit").isEqualTo(0);
        assertThat(s.allowedOrigins()).isEmpty();
        assertThat(s.deflate()).isFalse();
        assertThat(s.tlsCert()).isEmpty();
        assertThat(s.tickInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.metrics()).as("metrics on by default").isTrue();
    }

    @Test
    void metricsTurnOffByFlagEnvironmentOrConfigFile() throws IOException {
        assertThat(SettingsResolver.resolve(Map.of(ServeSetting.METRICS, "false"), null, Map.of()).metrics())
                .isFalse();
        assertThat(SettingsResolver.resolve(Map.of(), null, Map.of("PUSHWIRE_METRICS", "false")).metrics())
                .isFalse();
        assertThat(SettingsResolver.resolve(Map.of(), write("metrics = false\n"), Map.of()).metrics()).isFalse();
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(ServeSetting.METRICS, "maybe"), null, Map.of()))
                .hasMessageContaining("metrics");
    }

    @Test
    void flagBeatsEnvironmentWhichBeatsConfigFileWhichBeatsDefault() throws IOException {
        Path config = write("port = 7001\nhost = 10.0.0.1\nmax-connections = 5\nping-interval = 7s\n");
        Map<String, String> env = Map.of("PUSHWIRE_PORT", "7002", "PUSHWIRE_HOST", "10.0.0.2");
        Map<ServeSetting, String> flags = Map.of(ServeSetting.PORT, "7003");

        ServeSettings s = SettingsResolver.resolve(flags, config, env);

        assertThat(s.port()).as("flag").isEqualTo(7003);
        assertThat(s.host()).as("environment").isEqualTo("10.0.0.2");
        assertThat(s.maxConnections()).as("config file").isEqualTo(5);
        assertThat(s.limits().pingInterval()).as("config file").isEqualTo(Duration.ofSeconds(7));
        assertThat(s.handshakeTimeout()).as("default").isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void configFileCanBeNamedByTheEnvironmentWhenNoFlagNamesOne() throws IOException {
        Path config = write("port = 7100\n");
        ServeSettings s = SettingsResolver.resolve(Map.of(), null, Map.of("PUSHWIRE_CONFIG", config.toString()));
        assertThat(s.port()).isEqualTo(7100);
    }

    @Test
    void unitsAreAcceptedForSizesAndDurations() {
        ServeSettings s = SettingsResolver.resolve(Map.of(
                ServeSetting.MAX_MESSAGE_BYTES, "64KiB",
                ServeSetting.MAX_BUFFERED_BYTES, "2m",
                ServeSetting.PING_TIMEOUT, "1500ms",
                ServeSetting.IDLE_TIMEOUT, "2m",
                ServeSetting.ALLOWED_ORIGINS, "https://a.example, https://b.example",
                ServeSetting.DEFLATE, "on"), null, Map.of());
        assertThat(s.limits().maxMessageBytes()).isEqualTo(64 * 1024);
        assertThat(s.limits().maxBufferedBytes()).isEqualTo(2L << 20);
        assertThat(s.limits().pingTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.limits().idleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.allowedOrigins()).containsExactly("https://a.example", "https://b.example");
        assertThat(s.deflate()).isTrue();
    }

    @Test
    void httpTransportSettingsReachTheirOptions() {
        ServeSettings s = SettingsResolver.resolve(Map.of(ServeSetting.LONG_POLL_HOLD, "5s",
                ServeSetting.HTTP_TRANSPORTS, "false", ServeSetting.MAX_POST_BYTES, "1MiB"), null,
                Map.of("PUSHWIRE_SESSION_TIMEOUT", "1m", "PUSHWIRE_LONG_POLL_LINGER", "0"));
        assertThat(s.http().longPollHold()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.http().enabled()).isFalse();
        assertThat(s.http().maxPostBytes()).isEqualTo(1 << 20);
        assertThat(s.http().sessionTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.http().longPollLinger()).isZero();
        assertThat(s.http().sseHeartbeat()).as("default").isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void aSmallerMessageLimitLowersTheFrameLimitUnlessThatIsGiven() {
        ServeSettings lowered = SettingsResolver.resolve(Map.of(ServeSetting.MAX_MESSAGE_BYTES, "1000"), null,
                Map.of());
        assertThat(lowered.limits().maxFrameBytes()).isEqualTo(1000);

        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(ServeSetting.MAX_MESSAGE_BYTES, "1000",
                ServeSetting.MAX_FRAME_BYTES, "2000"), null, Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("max-frame-bytes")
                .hasMessageContaining("must not be larger than maxMessageBytes");
    }

    @Test
    void badValueNamesTheSettingWhereItCameFromAndWhatToWrite() {
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(), null,
                Map.of("PUSHWIRE_MAX_MESSAGE_BYTES", "lots")))
                .isInstanceOf(SettingsException.class)
                .hasMessage("bad value for max-message-bytes (from environment variable PUSHWIRE_MAX_MESSAGE_BYTES):"
                        + " 'lots' is not a size; write e.g. 1048576, 64KiB or 1MiB");
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(ServeSetting.PORT, "70000"), null, Map.of()))
                .hasMessage("bad value for port (from flag --port): 70000 is out of range; use 0..65535");
    }

    @Test
    void unknownConfigKeyIsRejectedListingTheKnownOnes() throws IOException {
        Path config = write("port = 1\nmax-mesage-bytes = 10\n");
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(), config, Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("unknown key max-mesage-bytes in config file " + config)
                .hasMessageContaining("known keys: port, host, max-message-bytes");
    }

    @Test
    void missingConfigFileIsAClearError() {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(), missing, Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("cannot read config file " + missing);
    }

    @Test
    void tlsNeedsBothReadableFiles() throws IOException {
        Path cert = write("cert");
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(ServeSetting.TLS_CERT, cert.toString()), null,
                Map.of()))
                .hasMessageContaining("TLS needs both a certificate and a key")
                .hasMessageContaining("only tls-cert was given");
        assertThatThrownBy(() -> SettingsResolver.resolve(Map.of(ServeSetting.TLS_CERT, cert.toString(),
                ServeSetting.TLS_KEY, dir.resolve("missing-key.pem").toString()), null, Map.of()))
                .hasMessageStartingWith("tls-key: cannot read");
    }

    @Test
    void environmentVariableNamesFollowTheKeys() {
        assertThat(ServeSetting.MAX_REQUEST_HEADER_BYTES.envVar()).isEqualTo("PUSHWIRE_MAX_REQUEST_HEADER_BYTES");
        assertThat(ServeSetting.MAX_REQUEST_HEADER_BYTES.flag()).isEqualTo("--max-request-header-bytes");
        assertThat(List.of(ServeSetting.values())).extracting(ServeSetting::key).doesNotHaveDuplicates();
    }

    private Path write(String content) throws IOException {
        Path p = Files.createTempFile(dir, "pushwire", ".properties");
        Files.writeString(p, content);
        return p;
    }
}
