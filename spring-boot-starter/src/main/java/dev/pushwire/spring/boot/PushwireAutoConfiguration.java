package dev.pushwire.spring.boot;

import dev.pushwire.core.cluster.NodeBus;
import dev.pushwire.core.hub.Broker;
import dev.pushwire.core.hub.ChannelAuthorizer;
import dev.pushwire.core.hub.Hub;
import dev.pushwire.core.hub.HubOptions;
import dev.pushwire.core.hub.PresenceStore;
import dev.pushwire.core.hub.TokenVerifier;
import dev.pushwire.server.HmacJwtTokens;
import dev.pushwire.server.PushwireServer;
import dev.pushwire.server.UpgradeHook;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Runs a {@link PushwireServer} in a Spring Boot application, configured by {@code pushwire.*}
 * ({@link PushwireProperties}); docs/spring-boot.md tells the whole story.
 *
 * <p>Beans, each replaced by one of the application's own of the same type ({@code @ConditionalOnMissingBean}):
 * <ul>
 *   <li>{@link PushwireServer}: built from the properties, with the application's {@link UpgradeHook} and
 *       {@link NodeBus} beans when it has exactly one, its {@link MeterRegistry} (unless {@code pushwire.metrics.enabled=false}) and every
 *       {@link PushwireServerCustomizer}.</li>
 *   <li>With {@code pushwire.broker=redis://...}: a {@link NodeBus} on Redis, so that several nodes answer each
 *       other's HTTP sessions.</li>
 *   <li>{@link PushwireServerLifecycle}: mounts the {@link PushwireEndpoint} beans and the hub, starts and stops
 *       the server with the context.</li>
 *   <li>When {@code pushwire.hub.path} is set: a {@link Hub} on the broker {@code pushwire.broker} names (in memory,
 *       or Redis with its presence store), unless the application has {@link Broker} and {@link PresenceStore}
 *       beans; with the application's {@link TokenVerifier} and {@link ChannelAuthorizer} beans when present, and a
 *       {@link TokenVerifier} for HS256 JWTs when {@code pushwire.hub.token-secret} is set.</li>
 * </ul>
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration"})
@ConditionalOnClass(PushwireServer.class)
@ConditionalOnProperty(prefix = "pushwire", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(PushwireProperties.class)
public class PushwireAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PushwireAutoConfiguration.class);
    private static final Duration SPRING_DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(30);

    @Bean
    @ConditionalOnMissingBean
    PushwireServer pushwireServer(PushwireProperties properties, ObjectProvider<MeterRegistry> meterRegistry,
                                  ObjectProvider<UpgradeHook> upgradeHook,
                                  ObjectProvider<PushwireServerCustomizer> customizers,
                                  ObjectProvider<NodeBus> nodeBus, Environment environment) {
        Duration phaseTimeout = environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase",
                Duration.class, SPRING_DEFAULT_PHASE_TIMEOUT);
        Duration needed = properties.getDrainPeriod().plus(properties.getShutdownTimeout());
        if (needed.compareTo(phaseTimeout) >= 0) {
            log.warn("pushwire.drain-period plus pushwire.shutdown-timeout ({}) is not below"
                    + " spring.lifecycle.timeout-per-shutdown-phase ({}): Spring may stop waiting before Pushwire's"
                    + " clients have answered the close", needed, phaseTimeout);
        }
        PushwireServer.Builder builder = ServerBuilders.fromProperties(properties);
        upgradeHook.ifUnique(builder::upgradeHook);
        nodeBus.ifUnique(builder::nodeBus);
        if (properties.getMetrics().isEnabled()) {
            meterRegistry.ifUnique(builder::meterRegistry);
        }
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    PushwireServerLifecycle pushwireServerLifecycle(PushwireServer server, ApplicationContext context,
                                                    ObjectProvider<Hub> hub, PushwireProperties properties) {
        return new PushwireServerLifecycle(server, context, hub.getIfUnique(), properties);
    }

    /**
     * With {@code pushwire.broker=redis://...} and pushwire-redis: the cluster bus, so that any node answers any HTTP
     * session (no sticky sessions). Closed by the context after the server stopped.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.pushwire.redis.RedisNodeBus")
    @ConditionalOnExpression("'${pushwire.broker:memory}'.trim().startsWith('redis')")
    static class NodeBusConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        NodeBus pushwireNodeBus(PushwireProperties properties) {
            return RedisBrokers.nodeBus(properties.getBroker().trim(), properties.getRedis());
        }
    }

    /** The hub, when {@code pushwire.hub.path} is set. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "pushwire.hub", name = "path")
    static class HubConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty(prefix = "pushwire.hub", name = "token-secret")
        TokenVerifier pushwireTokenVerifier(PushwireProperties properties) {
            return HmacJwtTokens.withSecret(properties.getHub().getTokenSecret());
        }

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        Hub pushwireHub(PushwireProperties properties, ObjectProvider<Broker> broker,
                        ObjectProvider<PresenceStore> presenceStore, ObjectProvider<TokenVerifier> tokenVerifier,
                        ObjectProvider<ChannelAuthorizer> authorizer, ApplicationContext context) {
            PushwireProperties.HubProperties p = properties.getHub();
            HubOptions.Builder options = HubOptions.builder()
                    .maxChannelsPerConnection(p.getMaxChannelsPerConnection())
                    .maxChannelNameLength(p.getMaxChannelNameLength())
                    .slowSubscriberBytes(p.getSlowSubscriberBytes().toBytes())
                    .maxRecoveredPublications(p.getMaxRecoveredPublications())
                    .threads(p.getThreads())
                    .defaultChannelOptions(p.getChannels().toChannelOptions());
            for (Map.Entry<String, PushwireProperties.Channel> ns : p.getNamespaces().entrySet()) {
                options.namespace(ns.getKey(), ns.getValue().toChannelOptions());
            }
            Broker own = broker.getIfUnique();
            Broker chosen = own != null ? own : Brokers.fromProperties(properties, context.getClassLoader());
            options.broker(chosen);
            PresenceStore ownPresence = presenceStore.getIfUnique();
            options.presenceStore(ownPresence != null ? ownPresence : Brokers.presenceFor(chosen));
            tokenVerifier.ifUnique(options::tokenVerifier);
            authorizer.ifUnique(options::authorizer);
            return Hub.create(options.build());
        }
    }
}
