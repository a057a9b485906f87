/**
 * Channels with history, recovery and presence: {@link dev.pushwire.core.hub.Hub}, its options, the values it
 * shows ({@link dev.pushwire.core.hub.Publication}, {@link dev.pushwire.core.hub.StreamPosition},
 * {@link dev.pushwire.core.hub.ClientInfo}), the hooks ({@link dev.pushwire.core.hub.ChannelAuthorizer},
 * {@link dev.pushwire.core.hub.TokenVerifier}) and the SPIs ({@link dev.pushwire.core.hub.Broker},
 * {@link dev.pushwire.core.hub.PresenceStore}). The wire protocol is documented in {@code docs/hub.md}.
 */
package dev.pushwire.core.hub;
