package dev.pushwire.app.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.app.ServeSettings;
import dev.pushwire.server.HttpTransportOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTTP transports' settings of {@code pushwire serve}: defaults, and each one from flags and environment. */
class HttpTransportSettingsTest {

    @Test
    void defaultsAreTheServersDefaults() {
        ServeSettings s = SettingsResolver.resolve(Map.of(), null, Map.of());
        assertThat(s.http().toString()).isEqualTo(HttpTransportOptions.DEFAULT.toString());
        assertThat(ServeSetting.LONG_POLL_HOLD.valueIn(s)).isEqualTo("25s");
        assertThat(ServeSetting.LONG_POLL_LINGER.valueIn(s)).isEqualTo("50ms");
        assertThat(ServeSetting.MAX_POST_BYTES.valueIn(s)).isEqualTo("4MiB");
    }

    @Test
    void everyHttpTransportSettingIsApplied() {
        Map<ServeSetting, String> flags = Map.of(ServeSetting.LONG_POLL_HOLD, "8s", ServeSetting.LONG_POLL_LINGER, "0",
                ServeSetting.SSE_HEARTBEAT, "4s", ServeSetting.MAX_BATCH_BYTES, "16KiB");
        Map<String, String> env = Map.of("PUSHWIRE_SESSION_TIMEOUT", "45s", "PUSHWIRE_MAX_POST_BYTES", "2MiB");
        HttpTransportOptions http = SettingsResolver.resolve(flags, null, env).http();
        assertThat(http.longPollHold()).isEqualTo(Duration.ofSeconds(8));
        assertThat(http.longPollLinger()).isEqualTo(Duration.ZERO);
        assertThat(http.sseHeartbeat()).isEqualTo(Duration.ofSeconds(4));
        assertThat(http.maxBatchBytes()).isEqualTo(16 * 1024);
        assertThat(http.sessionTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(http.maxPostBytes()).isEqualTo(2 << 20);
    }
}
