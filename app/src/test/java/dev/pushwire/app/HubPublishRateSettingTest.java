package dev.pushwire.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.app.internal.ServeSetting;
import dev.pushwire.app.internal.SettingsResolver;
import dev.pushwire.client.HubChannel;
import dev.pushwire.client.HubClient;
import dev.pushwire.client.HubException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code --hub-publishes-per-second} and {@code --hub-publish-burst} reach the served hub. */
class HubPublishRateSettingTest {

    @Test
    void publishesPastTheConfiguredBurstAreRefusedRateLimited() throws Exception {
        ServeSettings settings = SettingsResolver.resolve(Map.of(ServeSetting.HUB_PUBLISHES_PER_SECOND, "1",
                ServeSetting.HUB_PUBLISH_BURST, "3"), null, Map.of()).toBuilder().host("127.0.0.1").port(0).build();
        try (DemoServer server = DemoServer.start(settings);
             HubClient client = HubClient.connect("ws://127.0.0.1:" + server.port() + "/pushwire")) {
            HubChannel channel = client.channel("rates");
            List<String> outcomes = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                try {
                    channel.publish(Integer.toString(i)).get(20, TimeUnit.SECONDS);
                    outcomes.add("published");
                } catch (java.util.concurrent.ExecutionException e) {
                    outcomes.add(e.getCause() instanceof HubException he ? he.code() : e.getCause().toString());
                }
            }
            // a burst of 3, then at most one more token may have come back while the five went out (1 a second)
            assertThat(outcomes.subList(0, 3)).containsOnly("published");
            assertThat(outcomes).contains("rate_limited");
        }
    }
}
