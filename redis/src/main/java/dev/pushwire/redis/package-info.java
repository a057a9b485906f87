/**
 * Pushwire on Redis: what crosses nodes when one machine is not enough. Everything here is reached through the SPIs
 * of {@code pushwire-core} ({@link dev.pushwire.core.hub.Broker}, {@link dev.pushwire.core.hub.PresenceStore}).
 */
package dev.pushwire.redis;
