package dev.pushwire.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.core.ConnectionLimits;
import dev.pushwire.core.hub.ChannelOptions;
import dev.pushwire.core.hub.HubOptions;
import dev.pushwire.server.HttpTransportOptions;
import dev.pushwire.websocket.DeflateOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/** The properties' defaults are the server's and the hub's own, so adding the starter changes nothing but the port. */
class PushwirePropertiesTest {
    private final PushwireProperties defaults = new PushwireProperties();

    @Test
    void limitsDefaultToTheServers() {
        assertThat(defaults.getLimits().toConnectionLimits()).hasToString(ConnectionLimits.DEFAULT.toString());
    }

    @Test
    void httpTransportsDefaultToTheServers() {
        assertThat(defaults.getHttp().toHttpTransportOptions()).hasToString(HttpTransportOptions.DEFAULT.toString());
    }

    @Test
    void theSseAcknowledgementIntervalBindsAndReachesTheServersOptions() throws Exception {
        List<PropertySource<?>> sources = new PropertiesPropertySourceLoader().load("application.properties",
                new ByteArrayResource("pushwire.http.sse-ack-interval=3s\n".getBytes(StandardCharsets.ISO_8859_1)));
        PushwireProperties bound = new Binder(ConfigurationPropertySources.from(sources))
                .bind("pushwire", PushwireProperties.class).get();
        assertThat(bound.getHttp().toHttpTransportOptions().sseAckInterval()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void deflateIsOffByDefaultAndItsSettingsDefaultToTheServers() {
        assertThat(defaults.getDeflate().toDeflateOptions()).isSameAs(DeflateOptions.DISABLED);
        defaults.getDeflate().setEnabled(true);
        assertThat(defaults.getDeflate().toDeflateOptions()).hasToString(DeflateOptions.builder().build().toString());
    }

    @Test
    void hubSettingsDefaultToTheHubs() {
        HubOptions hub = HubOptions.DEFAULT;
        PushwireProperties.HubProperties p = defaults.getHub();
        assertThat(p.getMaxChannelsPerConnection()).isEqualTo(hub.maxChannelsPerConnection());
        assertThat(p.getMaxChannelNameLength()).isEqualTo(hub.maxChannelNameLength());
        assertThat(p.getSlowSubscriberBytes().toBytes()).isEqualTo(hub.slowSubscriberBytes());
        assertThat(p.getMaxRecoveredPublications()).isEqualTo(hub.maxRecoveredPublications());
        assertThat(p.getThreads()).isEqualTo(hub.threads());
        assertThat(p.getChannels().toChannelOptions()).hasToString(ChannelOptions.DEFAULT.toString());
        assertThat(p.getChannels().getSlowSubscriberQueue())
                .isEqualTo(ChannelOptions.DEFAULT.slowSubscriberQueue());
    }

    @Test
    void serverSettingsDefaultToTheServersExceptThePort() {
        assertThat(defaults.getPort()).isEqualTo(8081);
        assertThat(defaults.getHost()).isEqualTo("0.0.0.0");
        assertThat(defaults.getMaxConnections()).isEqualTo(10_000);
        assertThat(defaults.getMaxRequestHeaderBytes().toBytes()).isEqualTo(8192);
        assertThat(defaults.getMaxRequestBodyBytes().toBytes()).isEqualTo(1 << 20);
        assertThat(defaults.getAllowedOrigins()).isEmpty();
        assertThat(defaults.getBroker()).isEqualTo("memory");
    }

    @Test
    void aNamespacePatternWithAColonIsWrittenEscapedInAPropertiesFile() throws Exception {
        String file = "pushwire.hub.namespaces[chat\\:*].allow-anonymous=true\n"
                + "pushwire.hub.namespaces[news].history-size=5\n";
        List<PropertySource<?>> sources = new PropertiesPropertySourceLoader()
                .load("application.properties", new ByteArrayResource(file.getBytes(StandardCharsets.ISO_8859_1)));
        PushwireProperties bound = new Binder(ConfigurationPropertySources.from(sources))
                .bind("pushwire", PushwireProperties.class).get();
        assertThat(bound.getHub().getNamespaces()).containsOnlyKeys("chat:*", "news");
        assertThat(bound.getHub().getNamespaces().get("chat:*").isAllowAnonymous()).isTrue();
        assertThat(bound.getHub().getNamespaces().get("news").getHistorySize()).isEqualTo(5);
    }
}
