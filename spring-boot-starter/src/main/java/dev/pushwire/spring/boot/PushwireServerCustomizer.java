package dev.pushwire.spring.boot;

import dev.pushwire.server.PushwireServer;

/**
 * Changes the server's builder after the {@code pushwire.*} properties were applied: for what has no property
 * (an {@link dev.pushwire.server.UpgradeHook} chosen at run time, per-test settings). Every bean of this type is
 * applied, in {@link org.springframework.core.Ordered} order. Runs once, on the thread creating the server bean.
 */
@FunctionalInterface
public interface PushwireServerCustomizer {
    void customize(PushwireServer.Builder builder);
}
