package dev.pushwire.spring.boot;

import dev.pushwire.core.hub.Hub;
import dev.pushwire.server.PushwireServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code pushwire} health component ({@link PushwireHealthIndicator}) when Spring Boot's health support is on
 * the class path; off with {@code management.health.pushwire.enabled=false}.
 */
@AutoConfiguration(after = PushwireAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(PushwireServer.class)
@ConditionalOnEnabledHealthIndicator("pushwire")
public class PushwireHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "pushwireHealthIndicator")
    PushwireHealthIndicator pushwireHealthIndicator(PushwireServer server, ObjectProvider<Hub> hub) {
        return new PushwireHealthIndicator(server, hub.getIfUnique());
    }
}
